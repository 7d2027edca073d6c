package io.steward.server.automation.internal.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import io.steward.server.alerting.AutomationAlerting;
import io.steward.server.automation.AutomationProperties;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.devices.DeviceService;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands signed orders to agents. A poll is held (on the request's virtual thread, with no transaction open) until
 * something is there for the device or {@code steward.automation.tasks.poll-seconds} have passed: woken at once by an
 * approval or cancellation on this node, and re-checking the database every {@link #RECHECK} for those made on
 * another. Delivery respects the task's state, max_concurrent, its schedule ({@code at}: from not_before;
 * {@code window}: only inside the device's maintenance window) and not_after (then the run EXPIRES). Polls that look
 * at the same time (a thousand woken by one approval) are looked at together ({@link PollChecks}): one transaction and
 * one claim per task for the lot, instead of one transaction each queueing for the connection pool.
 */
@Component
class TaskDispatch {
    static final Duration RECHECK = Duration.ofSeconds(10);
    private static final Duration ROTATIONS_KEPT = Duration.ofSeconds(60);

    private final TaskRunStore runs;
    private final TaskWakeups wakeups;
    private final PollChecks checks = new PollChecks(this::check);
    private final DeviceService devices;
    private final AutomationAlerting alerting;
    private final SecretBox secrets;
    private final ObjectProvider<SignerGateway> signer;
    private final AutomationProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile Rotations rotations = new Rotations(List.of(), Instant.MIN);

    private record Rotations(List<KeyRotation> list, Instant loadedAt) {
    }

    TaskDispatch(TaskRunStore runs, TaskWakeups wakeups, DeviceService devices, AutomationAlerting alerting, SecretBox secrets,
                 ObjectProvider<SignerGateway> signer, AutomationProperties properties, ApplicationEventPublisher events, TransactionTemplate tx,
                 Clock clock) {
        this.runs = runs;
        this.wakeups = wakeups;
        this.devices = devices;
        this.alerting = alerting;
        this.secrets = secrets;
        this.signer = signer;
        this.properties = properties;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Answers a poll, holding it while nothing is there. Runs in the device's client scope. */
    TaskMessages.PollResponse poll(AgentDevice device, TaskMessages.Poll poll) {
        List<UUID> held = new ArrayList<>();
        for (String id : poll.running() == null ? List.<String>of() : poll.running()) {
            try {
                held.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("running", "Task ids are UUIDs.");
            }
        }
        if (held.size() > 1000) {
            throw new InvalidInputException("running", "At most 1000 task ids.");
        }
        devices.acceptSequence(device, "task-poll");
        DeviceService.requireApproved(device);
        int waitSeconds = Math.max(0, Math.min(poll.waitSeconds(), properties.tasks().pollSeconds()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (true) {
            CompletableFuture<Void> woken = wakeups.listen(device.deviceId());
            TaskMessages.PollResponse answer = checks.check(device, held);
            long left = deadline - System.nanoTime();
            if (!answer.tasks().isEmpty() || !answer.cancel().isEmpty() || left <= 0 || wakeups.closing()) {
                return answer;
            }
            try {
                woken.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // time to look at the database again (another node may have approved something)
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    /**
     * One look at the database for several devices of one client, in one transaction and in the client's scope:
     * settle what can no longer run, deliver what may, say what to stop. Each device's answer holds only its own
     * runs' orders, as the signer signed and the server stored them.
     */
    Map<DeviceId, TaskMessages.PollResponse> check(ClientId client, Map<DeviceId, List<UUID>> held) {
        List<DeviceId> ids = List.copyOf(held.keySet());
        Instant now = clock.instant();
        Map<DeviceId, List<TaskMessages.Delivery>> deliveries = new HashMap<>();
        Map<DeviceId, List<UUID>> cancel = TenantContext.callAs(TenantScope.of(client), () -> tx.execute(status -> {
            deliveries.clear(); // a retried transaction starts over
            announce(runs.settleUndeliverable(ids, now), now);
            List<TaskRunStore.Candidate> deliverable = new ArrayList<>();
            Map<DeviceId, Boolean> inWindow = new HashMap<>();
            for (TaskRunStore.Candidate c : runs.queued(ids)) {
                if (!now.isBefore(c.notAfter())) {
                    continue;
                }
                if (("at".equals(c.schedule()) || "window".equals(c.schedule())) && now.isBefore(c.notBefore())) {
                    continue;
                }
                if ("window".equals(c.schedule()) && !inWindow.computeIfAbsent(c.deviceId(), d -> alerting.inMaintenanceWindow(d, now))) {
                    continue;
                }
                deliverable.add(c);
            }
            // One claim per task for all the devices that asked, in the order they asked; tasks in id order, so that
            // concurrent checks lock task rows in the same order.
            Map<DeviceId, List<TaskRunStore.Candidate>> byDevice = new HashMap<>();
            deliverable.forEach(c -> byDevice.computeIfAbsent(c.deviceId(), d -> new ArrayList<>()).add(c));
            Map<UUID, List<DeviceId>> byTask = new java.util.TreeMap<>();
            for (DeviceId d : ids) {
                byDevice.getOrDefault(d, List.of()).forEach(c -> byTask.computeIfAbsent(c.taskId(), t -> new ArrayList<>()).add(d));
            }
            Map<UUID, java.util.Set<DeviceId>> claimed = new HashMap<>();
            Map<UUID, Map<String, String>> secretsOf = new HashMap<>();
            byTask.forEach((task, wanting) -> {
                List<DeviceId> got = runs.claim(task, wanting, now);
                if (!got.isEmpty()) {
                    claimed.put(task, new java.util.HashSet<>(got));
                    secretsOf.put(task, open(task));
                }
            });
            for (TaskRunStore.Candidate c : deliverable) {
                if (claimed.getOrDefault(c.taskId(), java.util.Set.of()).contains(c.deviceId())) {
                    deliveries.computeIfAbsent(c.deviceId(), d -> new ArrayList<>()).add(new TaskMessages.Delivery(
                            new SignedOrder(c.orderPayload(), c.orderSignature()), c.script(), secretsOf.get(c.taskId())));
                }
            }
            return runs.toCancel(ids, held);
        }));
        List<KeyRotation> rotations = deliveries.isEmpty() ? List.of() : rotations(now);
        Map<DeviceId, TaskMessages.PollResponse> answers = new HashMap<>();
        for (DeviceId d : ids) {
            List<TaskMessages.Delivery> mine = deliveries.getOrDefault(d, List.of());
            answers.put(d, new TaskMessages.PollResponse(now.getEpochSecond(), mine, cancel.getOrDefault(d, List.of()).stream().map(UUID::toString).toList(),
                    mine.isEmpty() ? List.of() : rotations));
        }
        return answers;
    }

    private Map<String, String> open(UUID taskId) {
        Map<String, String> values = new HashMap<>();
        runs.sealedSecrets(taskId).forEach((name, sealed) -> {
            try {
                values.put(name, secrets.open(sealed));
            } catch (IllegalStateException e) {
                // Changed in the database or sealed with another key: delivered without it, the agent refuses the order
                // (its signed hash does not match) and reports it, which raises the alarm.
            }
        });
        return values;
    }

    /** The signer's key rotations, so agents can follow a new key; none when no signer is known. */
    private List<KeyRotation> rotations(Instant now) {
        Rotations kept = rotations;
        if (now.isBefore(kept.loadedAt().plus(ROTATIONS_KEPT))) {
            return kept.list();
        }
        SignerGateway gateway = signer.getIfAvailable();
        List<KeyRotation> list = List.of();
        if (gateway != null) {
            try {
                List<KeyRotation> r = gateway.status().rotations();
                list = r == null ? List.of() : List.copyOf(r);
            } catch (RuntimeException e) {
                list = kept.list();
            }
        }
        rotations = new Rotations(list, now);
        return list;
    }

    /** Settles undeliverable runs of every device in scope (the periodic sweep, for devices that do not poll). */
    int sweep() {
        return tx.execute(status -> {
            Instant now = clock.instant();
            List<TaskRunStore.Finished> settled = runs.settleUndeliverable(null, now);
            announce(settled, now);
            return settled.size();
        });
    }

    /** Announces runs that became final and completes their tasks when nothing of them is left; in the caller's transaction. */
    void announce(List<TaskRunStore.Finished> finished, Instant now) {
        for (TaskRunStore.Finished f : finished) {
            events.publishEvent(new TaskRunFinished(f.taskId(), f.clientId(), f.deviceId(), f.state(), f.exitCode(), f.durationMs(), f.reason(),
                    f.stdoutTail(), f.alertId(), now));
        }
        finished.stream().map(TaskRunStore.Finished::taskId).distinct().forEach(task -> runs.completeIfAllFinal(task, now));
    }
}
