package io.steward.server.automation.internal.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.steward.protocol.task.TaskMessages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * Coalesces the database checks of polls that arrive together. An approval wakes every held poll of its devices at
 * once; checked one by one, a thousand polls are a thousand transactions (each a claim serialized on the task's row)
 * queueing for a pool of ten connections, ahead of the agents' reports and the approver's own answer. Here a poll
 * queues its device and waits; drainers (virtual threads, at most {@link #DRAINERS}, started when there is work) take
 * what is queued, up to {@link #BATCH} at a time, and check it per client in one transaction ({@code check}), then
 * answer each poll with its own device's answer. A lone poll costs what it did: a batch of one.
 */
final class PollChecks {
    static final int BATCH = 500;
    /** A few, so that a large fleet's steady polls (hundreds a second over many clients) do not queue behind one connection. */
    static final int DRAINERS = 3;

    private record Pending(AgentDevice device, List<UUID> held, CompletableFuture<TaskMessages.PollResponse> answer) {
    }

    private final BiFunction<ClientId, Map<DeviceId, List<UUID>>, Map<DeviceId, TaskMessages.PollResponse>> check;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();

    PollChecks(BiFunction<ClientId, Map<DeviceId, List<UUID>>, Map<DeviceId, TaskMessages.PollResponse>> check) {
        this.check = check;
    }

    /** The device's answer, looked at together with whatever other polls are waiting; the check's failure is thrown here. */
    TaskMessages.PollResponse check(AgentDevice device, List<UUID> held) {
        Pending p = new Pending(device, held, new CompletableFuture<>());
        queue.add(p);
        startDrainer();
        try {
            return p.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private void startDrainer() {
        int running;
        while (!queue.isEmpty() && (running = drainers.get()) < DRAINERS) {
            if (drainers.compareAndSet(running, running + 1)) {
                Thread.ofVirtual().name("task-poll-checks").start(this::drain);
                return;
            }
        }
    }

    private void drain() {
        try {
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (true) {
                while (batch.size() < BATCH && (p = queue.poll()) != null) {
                    batch.add(p);
                }
                if (batch.isEmpty()) {
                    return;
                }
                Map<ClientId, List<Pending>> byClient = new LinkedHashMap<>();
                batch.forEach(b -> byClient.computeIfAbsent(b.device().clientId(), c -> new ArrayList<>()).add(b));
                byClient.forEach(this::answer);
                batch.clear();
            }
        } finally {
            drainers.decrementAndGet();
            // A poll queued after the last look but before the count went down found the drainers busy: start another.
            startDrainer();
        }
    }

    /** Answers one client's polls together; when that fails, each alone, so that one device's trouble is only its own. */
    private void answer(ClientId client, List<Pending> polls) {
        try {
            complete(polls, check.apply(client, held(polls)));
        } catch (RuntimeException | Error e) {
            if (polls.size() == 1) {
                polls.getFirst().answer().completeExceptionally(e);
                return;
            }
            for (Pending one : polls) {
                try {
                    complete(List.of(one), check.apply(client, held(List.of(one))));
                } catch (RuntimeException | Error again) {
                    one.answer().completeExceptionally(again);
                }
            }
        }
    }

    private static Map<DeviceId, List<UUID>> held(List<Pending> polls) {
        Map<DeviceId, List<UUID>> held = new LinkedHashMap<>();
        for (Pending p : polls) {
            // The same device polling twice at once (a retry racing its predecessor): both are asked for what either holds.
            held.merge(p.device().deviceId(), p.held(), (a, b) -> {
                List<UUID> all = new ArrayList<>(a);
                b.stream().filter(id -> !all.contains(id)).forEach(all::add);
                return all;
            });
        }
        return held;
    }

    /** Each poll gets its device's answer; a device's orders go to its newest poll only, the older ones get none. */
    private static void complete(List<Pending> polls, Map<DeviceId, TaskMessages.PollResponse> answers) {
        java.util.Set<DeviceId> served = new java.util.HashSet<>();
        for (Pending p : polls.reversed()) {
            TaskMessages.PollResponse answer = answers.get(p.device().deviceId());
            if (!served.add(p.device().deviceId()) && answer != null && !answer.tasks().isEmpty()) {
                answer = new TaskMessages.PollResponse(answer.serverTime(), List.of(), answer.cancel(), List.of());
            }
            p.answer().complete(answer);
        }
    }
}
