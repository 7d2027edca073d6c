package io.steward.server.patching.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.UUID;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.protocol.patch.PatchInstall;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskService;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.InstallAttempts;
import io.steward.server.patching.InstallRetryRule;
import io.steward.server.patching.PatchPolicy;
import io.steward.server.patching.PatchingProperties;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on failed installs, on db-scheduler (one node at a time, and again after a restart: the failures are stored
 * with the runs, see {@link AttemptRecorder}, so nothing waits for an event). Per client, in its own transaction and
 * scope, it locks the failures not acted on ({@code SKIP LOCKED}), and {@link InstallRetryRule} decides per package:
 * security updates are retried by Steward as a new standard run of the installer on just that device with just the
 * packages due (the run and the mark that it started commit together, so no retry starts twice); approved updates are
 * offered to people as a task draft (nothing runs unsigned); once the retries are used up, the device's one incident
 * is opened, or noted while it is open.
 */
@Component
public class RetrySweep {
    private static final Logger LOG = LoggerFactory.getLogger(RetrySweep.class);

    private final AttemptRepository attempts;
    private final PolicyRepository policies;
    private final OverrideRepository overrides;
    private final DeviceService devices;
    private final ScriptLibrary library;
    private final ScriptCatalog catalog;
    private final TaskService tasks;
    private final TicketService tickets;
    private final TransactionTemplate tx;
    private final TransactionTemplate nested;
    private final Clock clock;

    RetrySweep(AttemptRepository attempts, PolicyRepository policies, OverrideRepository overrides, DeviceService devices, ScriptLibrary library, ScriptCatalog catalog,
               TaskService tasks, TicketService tickets, PlatformTransactionManager transactions, Clock clock) {
        this.attempts = attempts;
        this.policies = policies;
        this.overrides = overrides;
        this.devices = devices;
        this.library = library;
        this.catalog = catalog;
        this.tasks = tasks;
        this.tickets = tickets;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // A retry that cannot start rolls back to a savepoint only: the failure is then counted in the same transaction.
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /** What one pass did. */
    public record Outcome(int retried, int offered, int gaveUp, int waiting) {
        Outcome plus(Outcome o) {
            return new Outcome(retried + o.retried, offered + o.offered, gaveUp + o.gaveUp, waiting + o.waiting);
        }
    }

    /** One pass now. */
    public Outcome sweep() {
        return sweep(clock.instant());
    }

    /** One pass as at {@code now} (the backoff is measured against it); every client with failures not acted on. */
    public Outcome sweep(Instant now) {
        List<ClientId> clients = TenantContext.callAsSystem(() -> tx.execute(status -> attempts.clientsWithFailures()));
        Outcome total = new Outcome(0, 0, 0, 0);
        for (ClientId client : clients == null ? List.<ClientId>of() : clients) {
            try {
                Outcome o = TenantContext.callAs(TenantScope.of(client), () -> tx.execute(status -> client(client, now)));
                total = o == null ? total : total.plus(o);
            } catch (RuntimeException e) {
                // One client's trouble (the signer down, say) must not stop the others; its failures wait for the next pass.
                LOG.warn("Patch install retries failed for client {}: {}", client, e.toString(), e);
            }
        }
        return total;
    }

    private Outcome client(ClientId client, Instant now) {
        List<InstallAttempts.Attempt> due = attempts.lockUnhandled(client);
        if (due.isEmpty()) {
            return new Outcome(0, 0, 0, 0);
        }
        PatchPolicy clientPolicy = policies.find(TenantScope.of(client), client).orElseGet(() -> PatchPolicy.defaults(client));
        List<io.steward.server.patching.PolicyOverride> exceptions = overrides.list(TenantScope.of(client), client);
        InstallRetryRule rule = new InstallRetryRule(Clock.fixed(now, ZoneOffset.UTC));
        Map<DeviceId, List<InstallAttempts.Attempt>> byDevice = new LinkedHashMap<>();
        due.forEach(a -> byDevice.computeIfAbsent(a.deviceId(), k -> new ArrayList<>()).add(a));
        int retried = 0;
        int offered = 0;
        int gaveUp = 0;
        int waiting = 0;
        for (Map.Entry<DeviceId, List<InstallAttempts.Attempt>> e : byDevice.entrySet()) {
            DeviceProfile device = devices.profile(e.getKey());
            if (device == null || !device.clientId().equals(client)) {
                // Never another client's device, whatever a row says: set aside, never retried.
                e.getValue().forEach(a -> attempts.acted(a.deviceId(), a.name(), a.version(), "FAILED", null, null, now));
                continue;
            }
            // The device's own policy: its site's or group's approval and reboot choice count here too.
            PatchPolicy policy = io.steward.server.patching.EffectivePolicy.of(clientPolicy, exceptions, device.siteId(), device.groupIds());
            List<InstallAttempts.Attempt> retry = new ArrayList<>();
            List<InstallAttempts.Attempt> offer = new ArrayList<>();
            List<InstallAttempts.Attempt> giveUp = new ArrayList<>();
            for (InstallAttempts.Attempt a : e.getValue()) {
                boolean automatic = a.automatic() && "AUTOMATIC".equals(policy.securityApproval());
                InstallRetryRule.Decision d = rule.decide(a.failures(), a.lastFailedAt(), false, policy.rollout().installRetries(), automatic);
                switch (d.kind()) {
                    case RETRY_NOW -> (automatic ? retry : offer).add(a);
                    case GIVE_UP -> giveUp.add(a);
                    case WAIT -> {
                        attempts.waiting(a.deviceId(), a.name(), a.version(), d.at());
                        waiting++;
                    }
                    case NOTHING -> { }
                }
            }
            for (InstallAttempts.Attempt a : offer) {
                attempts.acted(a.deviceId(), a.name(), a.version(), "OFFERED", null, null, now);
                offered++;
            }
            if (!retry.isEmpty()) {
                retried += retry(client, device, retry, policy, now) ? 1 : 0;
            }
            if (!giveUp.isEmpty()) {
                giveUp(client, device, giveUp, policy, now);
                gaveUp++;
            }
        }
        return new Outcome(retried, offered, gaveUp, waiting);
    }

    /** One standard run of the installer on the device with the packages due; false when it could not start (counted as failed). */
    private boolean retry(ClientId client, DeviceProfile device, List<InstallAttempts.Attempt> due, PatchPolicy policy, Instant now) {
        String packages = PatchInstall.packages(due.stream().map(a -> new PatchInstall.Package(a.name(), a.version())).toList());
        UUID version = library.patchInstaller().id();
        String problem;
        UUID taskId = null;
        Viewer steward = requester(client, version);
        if (steward == null) {
            problem = "No active standard change of the patch installer covers this client: the retry could not start.";
        } else {
            TaskDraft draft = new TaskDraft(client, version, Map.of(PatchInstall.PACKAGES, packages, PatchInstall.SCOPE, "security",
                    PatchInstall.REBOOT, policy.reboot(), PatchInstall.REBOOT_WARNING, Integer.toString(policy.rebootWarningMinutes())), "DEVICES",
                    List.of(device.id().value()), null, "window", null, null, null, null, null, null);
            TaskService.ApprovalOutcome outcome;
            try {
                outcome = nested.execute(status -> tasks.runStandard(steward, draft));
            } catch (RuntimeException e) {
                outcome = null;
                LOG.info("Patch retry on device {} could not start: {}", device.id(), e.getMessage());
            }
            if (outcome != null && !outcome.refused()) {
                UUID task = outcome.task().id();
                due.forEach(a -> attempts.acted(a.deviceId(), a.name(), a.version(), "RETRYING", task, null, now));
                note(client, device, "Steward retries " + packages + " on " + device.hostname() + " (task #" + outcome.task().number() + ").");
                return true;
            }
            problem = outcome == null ? "The retry could not start: no active standard change covers it, or the device cannot take it."
                    : "The signer refused the retry: " + outcome.refusal();
            taskId = outcome == null ? null : outcome.task().id();
        }
        for (InstallAttempts.Attempt a : due) {
            attempts.couldNotStart(a.deviceId(), a.name(), a.version(), taskId, problem, now);
        }
        return false;
    }

    /** The requester of an active standard change of the installer for this client: Steward acts under their change. */
    private Viewer requester(ClientId client, UUID version) {
        return catalog.coveringClient(version, client, clock.instant())
                .map(c -> Viewer.stewardFor(client, new UserId(c.spec().requestedBy()), "Steward (patch retry)"))
                .orElse(null);
    }

    private void giveUp(ClientId client, DeviceProfile device, List<InstallAttempts.Attempt> rows, PatchPolicy policy, Instant now) {
        String names = rows.stream().map(InstallAttempts.Attempt::name).collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder("Installing updates on ").append(device.hostname()).append(" failed ")
                .append(policy.rollout().installRetries() == 0 ? "and the policy allows no retries" : "after " + policy.rollout().installRetries()
                        + (policy.rollout().installRetries() == 1 ? " retry" : " retries")).append(":\n");
        for (InstallAttempts.Attempt a : rows) {
            text.append("\n- ").append(a.name()).append(' ').append(a.version()).append(": failed ").append(a.failures())
                    .append(a.failures() == 1 ? " time" : " times").append("; last reason: ").append(a.lastReason().isBlank() ? "none given" : a.lastReason())
                    .append("; tasks ").append(a.taskIds().stream().map(UUID::toString).collect(Collectors.joining(", ")));
        }
        UUID incident = attempts.incident(device.id()).filter(t -> tickets.noteFromAlert(client, new TicketId(t), text.toString())).orElse(null);
        if (incident == null) {
            incident = tickets.openFromAlert(client, "Patch install failed on " + device.hostname() + ": " + names, text.toString(), Level.MEDIUM,
                    Level.MEDIUM).id().value();
            attempts.incidentOpened(client, device.id(), incident, now);
        }
        for (InstallAttempts.Attempt a : rows) {
            attempts.acted(a.deviceId(), a.name(), a.version(), "GAVE_UP", null, incident, now);
        }
    }

    /** Notes a retry on the device's incident while it is open. */
    private void note(ClientId client, DeviceProfile device, String text) {
        attempts.incident(device.id()).ifPresent(t -> tickets.noteFromAlert(client, new TicketId(t), text));
    }

    /** The sweep on db-scheduler, every {@code steward.patching.cycle-interval}. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> patchInstallRetries(RetrySweep sweep, PatchingProperties properties) {
            return Tasks.recurring("patch-install-retries", FixedDelay.of(properties.cycleInterval()))
                    .execute((instance, context) -> sweep.sweep());
        }
    }
}
