package io.steward.server.backup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.backup.internal.BreachRepository;
import io.steward.server.backup.internal.Expected;
import io.steward.server.backup.internal.JobRepository;
import io.steward.server.backup.internal.BackupPolicyRepository;
import io.steward.server.backup.internal.RestoreRepository;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff see of backups: per client (jobs with their restore point's age against the RPO, breaches, restore tests
 * against the RTO, coverage) and per device (its jobs with their history). Staff only; other clients' ids are 404.
 */
@Service
public class BackupService {
    /** Attempts shown per job on a device's page. */
    public static final int HISTORY_SHOWN = 30;
    private static final int LIST_LIMIT = 500;

    private final JobRepository jobs;
    private final BackupPolicyRepository policies;
    private final BreachRepository breaches;
    private final RestoreRepository restores;
    private final Expected expected;
    private final ClientService clients;
    private final DeviceService devices;
    private final BackupPolicies policyService;
    private final Clock clock;

    BackupService(JobRepository jobs, BackupPolicyRepository policies, BreachRepository breaches, RestoreRepository restores, Expected expected,
                  ClientService clients, DeviceService devices, BackupPolicies policyService, Clock clock) {
        this.jobs = jobs;
        this.policies = policies;
        this.breaches = breaches;
        this.restores = restores;
        this.expected = expected;
        this.clients = clients;
        this.devices = devices;
        this.policyService = policyService;
        this.clock = clock;
    }

    /** Every client in the viewer's scope with its backup figures. */
    @Transactional(readOnly = true)
    public List<BackupViews.ClientSummary> clients(Viewer viewer) {
        BackupPolicies.requireStaff(viewer);
        Map<ClientId, List<JobRepository.JobRow>> byClient = new HashMap<>();
        jobs.inScope(viewer.scope(), null).forEach(j -> byClient.computeIfAbsent(j.clientId(), k -> new ArrayList<>()).add(j));
        List<BackupViews.ClientSummary> out = new ArrayList<>();
        for (io.steward.server.tenancy.ClientSummary c : clients.summaries(viewer.scope())) {
            BackupPolicy p = policies.find(viewer.scope(), c.id()).orElseGet(() -> BackupPolicy.defaults(c.id()));
            List<BackupViews.Job> judged = judged(c.id(), p, byClient.getOrDefault(c.id(), List.of()), names(viewer, c.id()));
            var tests = restores.list(viewer.scope(), c.id(), null, clock.instant().minus(p.periodLength()), null, LIST_LIMIT);
            out.add(new BackupViews.ClientSummary(c.id(), c.name(), judged.size(), (int) judged.stream().filter(BackupViews.Job::rpoMet).count(),
                    (int) judged.stream().filter(j -> !j.breaches().isEmpty()).count(),
                    Expected.coverage(expected.devices(viewer, c.id(), p), byClient.getOrDefault(c.id(), List.of())),
                    tests.stream().filter(t -> "PASSED".equals(t.state())).count(), tests.stream().filter(t -> !"RUNNING".equals(t.state())).count()));
        }
        return out;
    }

    /** One client's backup page. */
    @Transactional(readOnly = true)
    public BackupViews.ClientBackup client(Viewer viewer, ClientId client) {
        BackupPolicy p = policyService.get(viewer, client);
        Client c = clients.get(viewer, client);
        List<JobRepository.JobRow> rows = jobs.inScope(viewer.scope(), client);
        var status = restores.status(client);
        List<BackupViews.RestoreTest> tests = restores.list(viewer.scope(), client, null, null, null, LIST_LIMIT);
        return new BackupViews.ClientBackup(client, c.name(), p, Expected.coverage(expected.devices(viewer, client, p), rows),
                judged(client, p, rows, names(viewer, client)), breaches.list(viewer.scope(), client, null, null, null, LIST_LIMIT),
                tests, BackupViews.rtoEvidence(tests), status.map(RestoreRepository.Status::problem).orElse(null),
                status.map(RestoreRepository.Status::checkedAt).orElse(null));
    }

    /** One device's backup: objectives in force, whether it should have a backup, its jobs with history, breaches, tests. */
    @Transactional(readOnly = true)
    public BackupViews.DeviceBackup device(Viewer viewer, DeviceId deviceId) {
        Device d = devices.get(viewer, deviceId);
        BackupPolicy p = policyService.get(viewer, d.clientId());
        BackupPolicy.DeviceObjective own = policies.objective(deviceId).orElse(new BackupPolicy.DeviceObjective(null, null));
        List<JobRepository.JobRow> rows = jobs.inScope(viewer.scope(), d.clientId()).stream().filter(j -> j.deviceId().equals(deviceId)).toList();
        List<BackupViews.JobHistory> withHistory = judged(d.clientId(), p, rows, Map.of(deviceId, d.hostname())).stream()
                .map(j -> new BackupViews.JobHistory(j, jobs.attempts(deviceId, j.name(), HISTORY_SHOWN))).toList();
        boolean isExpected = expected.devices(viewer, d.clientId(), p).stream().anyMatch(x -> x.id().equals(deviceId));
        List<BackupViews.RestoreTest> tests = restores.list(viewer.scope(), d.clientId(), deviceId, null, null, LIST_LIMIT);
        return new BackupViews.DeviceBackup(deviceId, d.clientId(), d.hostname(), p.rpoFor(own), p.rtoFor(own), own, isExpected, withHistory,
                breaches.list(viewer.scope(), d.clientId(), deviceId, null, null, LIST_LIMIT), tests, BackupViews.rtoEvidence(tests));
    }

    private Map<DeviceId, String> names(Viewer viewer, ClientId client) {
        Map<DeviceId, String> out = new LinkedHashMap<>();
        devices.everyDevice(viewer, client, null).forEach(d -> out.put(d.id(), d.hostname()));
        return out;
    }

    /** The jobs as views, judged by {@link RpoRule} now against each device's objectives. */
    private List<BackupViews.Job> judged(ClientId client, BackupPolicy p, List<JobRepository.JobRow> rows, Map<DeviceId, String> names) {
        Map<DeviceId, BackupPolicy.DeviceObjective> own = policies.objectives(client);
        RpoRule rule = new RpoRule(clock);
        List<BackupViews.Job> out = new ArrayList<>();
        for (JobRepository.JobRow j : rows) {
            RpoRule.Objective o = p.objective(own.get(j.deviceId()));
            List<String> breaches = j.present() ? rule.judge(new RpoRule.Job(j.firstSeenAt(), j.lastAttemptAt(), j.newestPointAt(), j.scheduleHours(),
                    j.failuresInRow()), o).breaches().stream().map(Enum::name).toList() : List.of();
            out.add(new BackupViews.Job(j.deviceId(), names.getOrDefault(j.deviceId(), ""), j.name(), j.tool(), j.repository(), j.lastAttemptAt(),
                    j.lastResult(), j.lastError(), j.lastSuccessAt(), j.newestPointAt(), j.newestPointAt() == null ? null : rule.ageHours(j.newestPointAt()),
                    j.restorePoints(), j.sizeBytes(), j.scheduleHours(), j.failuresInRow(), j.present(), j.firstSeenAt(), j.reportedAt(), o.rpoHours(),
                    breaches));
        }
        return out;
    }
}
