package io.steward.server.backup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.backup.internal.BackupPolicyRepository;
import io.steward.server.backup.internal.BreachRepository;
import io.steward.server.backup.internal.Expected;
import io.steward.server.backup.internal.JobRepository;
import io.steward.server.backup.internal.RestoreRepository;
import io.steward.server.devices.Device;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;

/**
 * A client's backup for one month, for the monthly report: coverage and RPO compliance (as of when the report is made:
 * Steward keeps each job's latest state, not its past one), the jobs that failed in the month, the breaches that
 * lasted into it, and the restore tests prepared in it with their times against the RTO. Read in the caller's
 * transaction and scope.
 */
@Service
public class BackupMonths {
    private final JobRepository jobs;
    private final BackupPolicyRepository policies;
    private final BreachRepository breaches;
    private final RestoreRepository restores;
    private final Expected expected;
    private final Clock clock;

    BackupMonths(JobRepository jobs, BackupPolicyRepository policies, BreachRepository breaches, RestoreRepository restores, Expected expected, Clock clock) {
        this.jobs = jobs;
        this.policies = policies;
        this.breaches = breaches;
        this.restores = restores;
        this.expected = expected;
        this.clock = clock;
    }

    /**
     * The month's backup section.
     *
     * @param note        why the section is empty or partial, or null
     * @param rpoMet      present jobs whose newest restore point is within their RPO when the report is made
     * @param failedJobs  jobs with attempts that did not succeed in the month, the most failures first
     * @param breaches    breaches of objectives that lasted into the month (RPO, missed schedule, failures in a row)
     * @param restoreTests tests prepared in the month with their time against the RTO in force
     */
    public record Month(String note, int rpoHours, int rtoMinutes, BackupViews.Coverage coverage, int jobs, int rpoMet, List<FailedJob> failedJobs,
                        List<BackupViews.Breach> breaches, List<BackupViews.RestoreTest> restoreTests) {
    }

    /** A job's failed attempts in the month. */
    public record FailedJob(String hostname, String job, long failures, Instant lastAt) {
    }

    public Month month(TenantScope scope, ClientId client, Instant from, Instant to) {
        BackupPolicy policy = policies.find(scope, client).orElseGet(() -> BackupPolicy.defaults(client));
        Viewer reader = new Viewer(Viewer.steward(client, "Steward (report)").userId(), "steward", "Steward (report)",
                io.steward.server.shared.Role.MSP_ADMIN, null, null, scope, true);
        List<Device> shouldHave = expected.devices(reader, client, policy);
        List<JobRepository.JobRow> rows = jobs.inScope(scope, client).stream().filter(JobRepository.JobRow::present).toList();
        Map<DeviceId, BackupPolicy.DeviceObjective> own = policies.objectives(client);
        RpoRule rule = new RpoRule(Clock.fixed(clock.instant(), ZoneOffset.UTC));
        int met = (int) rows.stream().filter(j -> rule.rpoMet(j.newestPointAt(), policy.rpoFor(own.get(j.deviceId())))).count();
        Map<DeviceId, String> names = new HashMap<>();
        shouldHave.forEach(d -> names.put(d.id(), d.hostname()));
        List<FailedJob> failed = jobs.failedBetween(client, from, to).stream()
                .map(f -> new FailedJob(names.getOrDefault(f.deviceId(), f.deviceId().toString()), f.name(), f.failures(), f.lastAt())).toList();
        String note = rows.isEmpty() ? "No device of the client reported a backup job." : null;
        return new Month(note, policy.rpoHours(), policy.rtoMinutes(), Expected.coverage(shouldHave, rows), rows.size(), met, failed,
                breaches.list(scope, client, null, from, to, 200), restores.list(scope, client, null, from, to, 500));
    }
}
