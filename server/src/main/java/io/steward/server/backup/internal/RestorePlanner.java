package io.steward.server.backup.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskService;
import io.steward.server.backup.BackupPolicy;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prepares the restore tests that are due: once per period of the client's policy, each present job with a restore
 * point on an approved device gets a standard run of the built-in restore tester (JOB = the job, SAMPLE = the policy's
 * sample) under an active standard change of the tester for the client, in the name of the person who asked for that
 * change. Without such a change (or when the change does not name the job or the sample), nothing runs and the
 * client's status says why. Runs in the client's scope and the caller's transaction.
 */
@Component
public class RestorePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RestorePlanner.class);
    /** The names the restore tester's JOB parameter takes (RestoreTest.validate). */
    private static final java.util.regex.Pattern TESTABLE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final JobRepository jobs;
    private final BackupPolicyRepository policies;
    private final RestoreRepository restores;
    private final DeviceService devices;
    private final ScriptLibrary library;
    private final ScriptCatalog catalog;
    private final TaskService tasks;
    private final TransactionTemplate nested;
    private final Clock clock;

    RestorePlanner(JobRepository jobs, BackupPolicyRepository policies, RestoreRepository restores, DeviceService devices, ScriptLibrary library,
                   ScriptCatalog catalog, TaskService tasks, PlatformTransactionManager transactions, Clock clock) {
        this.jobs = jobs;
        this.policies = policies;
        this.restores = restores;
        this.devices = devices;
        this.library = library;
        this.catalog = catalog;
        this.tasks = tasks;
        // A test that cannot start rolls back to a savepoint only: the others of the pass still start.
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /** What one pass for a client did: tests started, and why some or all could not (null: nothing in the way). */
    public record Outcome(int started, String problem) {
    }

    /** Prepares the client's tests due at {@code now}. */
    public Outcome plan(ClientId client, Instant now) {
        BackupPolicy policy = policies.effective(client);
        LocalDate period = policy.periodStart(LocalDate.ofInstant(now, ZoneOffset.UTC));
        if (period == null) {
            restores.status(client, null, now);
            return new Outcome(0, null);
        }
        Map<DeviceId, BackupPolicy.DeviceObjective> own = policies.objectives(client);
        List<JobRepository.JobRow> due = jobs.inScope(TenantScope.of(client), client).stream()
                .filter(j -> j.present() && j.newestPointAt() != null && j.clientId().equals(client))
                .filter(j -> !restores.exists(j.deviceId(), j.name(), period)).toList();
        if (due.isEmpty()) {
            restores.status(client, null, now);
            return new Outcome(0, null);
        }
        UUID version = library.restoreTester().id();
        // The change's validity is a fact of the present (the signer checks it so): the real clock, not the pass's instant.
        Optional<ScriptCatalog.StandardChange> change = catalog.coveringClient(version, client, clock.instant());
        if (change.isEmpty()) {
            String problem = "No active standard change of the built-in restore tester covers this client: Steward runs no restore test without one. "
                    + due.size() + " job(s) wait for their test of this period.";
            restores.status(client, problem, now);
            return new Outcome(0, problem);
        }
        String sample = Integer.toString(policy.restoreSample());
        List<String> notNamed = new ArrayList<>();
        List<String> untestable = new ArrayList<>();
        if (!allows(change.get().spec(), RestoreTest.SAMPLE, sample)) {
            String problem = "The standard change of the restore tester does not allow a sample of " + sample + " files: make one that does, or "
                    + "change the policy's sample.";
            restores.status(client, problem, now);
            return new Outcome(0, problem);
        }
        Viewer steward = Viewer.stewardFor(client, new UserId(change.get().spec().requestedBy()), "Steward (restore test)");
        int started = 0;
        List<String> failed = new ArrayList<>();
        for (JobRepository.JobRow j : due) {
            if (!TESTABLE.matcher(j.name()).matches()) {
                // The tester's JOB parameter takes a restricted name (the agent refuses others): such a job cannot be named.
                untestable.add(j.name());
                continue;
            }
            if (!allows(change.get().spec(), RestoreTest.JOB, j.name())) {
                notNamed.add(j.name());
                continue;
            }
            DeviceProfile device = devices.profile(j.deviceId());
            if (device == null || !device.clientId().equals(client)) {
                continue;
            }
            int rto = policy.rtoFor(own.get(j.deviceId()));
            TaskDraft draft = new TaskDraft(client, version, Map.of(RestoreTest.JOB, j.name(), RestoreTest.SAMPLE, sample), "DEVICES",
                    List.of(j.deviceId().value()), null, "now", null, null, null, null, null, null);
            UUID id = UUID.randomUUID();
            try {
                // The period's row first: a concurrent pass waits on its unique key and then finds it taken, so no task starts twice.
                TaskService.ApprovalOutcome outcome = nested.execute(status -> {
                    if (!restores.prepared(id, j.deviceId(), client, j.name(), period, null, policy.restoreSample(), rto, now)) {
                        return null;
                    }
                    TaskService.ApprovalOutcome o = tasks.runStandard(steward, draft);
                    if (o.refused()) {
                        status.setRollbackOnly();
                    } else {
                        restores.task(id, o.task().id());
                    }
                    return o;
                });
                if (outcome == null) {
                    continue;
                }
                if (outcome.refused()) {
                    failed.add(j.name() + " on " + device.hostname() + " (the signer refused: " + outcome.refusal() + ")");
                    continue;
                }
                started++;
            } catch (RuntimeException e) {
                LOG.info("Restore test of {} on device {} could not start: {}", j.name(), j.deviceId(), e.getMessage());
                failed.add(j.name() + " on " + device.hostname() + " (" + e.getMessage() + ")");
            }
        }
        String problem = null;
        if (!notNamed.isEmpty()) {
            problem = "The standard change of the restore tester does not name the job(s) " + String.join(", ", notNamed.stream().distinct().sorted().toList())
                    + ": they are not tested.";
        }
        if (!untestable.isEmpty()) {
            problem = (problem == null ? "" : problem + " ") + "The job name(s) " + String.join(", ", untestable.stream().distinct().sorted().toList())
                    + " cannot be given to the restore tester (letters, digits and . _ - only): rename the job in the agent's configuration to test it.";
        }
        if (!failed.isEmpty()) {
            problem = (problem == null ? "" : problem + " ") + "Could not start: " + String.join("; ", failed) + ".";
        }
        restores.status(client, problem, now);
        return new Outcome(started, problem);
    }

    private static boolean allows(StandardChangeSpec spec, String parameter, String value) {
        return spec.allowed().stream().anyMatch(a -> a.name().equals(parameter) && a.values().contains(value));
    }
}
