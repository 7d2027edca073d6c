package io.steward.server.backup.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.steward.server.backup.BackupPolicy;
import io.steward.server.backup.BackupProperties;
import io.steward.server.backup.BackupViews;
import io.steward.server.backup.RpoRule;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup facts for compliance, from the client's own data only: coverage (every device that should have a backup
 * has a job reporting), RPO met (every job's newest restore point within its RPO) and restore tested (every job with a
 * restore point had a verified test within the RTO in its period). A fact without data to rest on (no device in scope,
 * no job) is left out, never reported as passed. Coverage and RPO count for {@code steward.backup.evidence-hours};
 * a restore test for its period.
 */
@Component
class BackupEvidence implements EvidenceSource {
    private final JobRepository jobs;
    private final BackupPolicyRepository policies;
    private final RestoreRepository restores;
    private final Expected expected;
    private final BackupProperties properties;
    private final TransactionTemplate tx;

    BackupEvidence(JobRepository jobs, BackupPolicyRepository policies, RestoreRepository restores, Expected expected, BackupProperties properties,
                   TransactionTemplate tx) {
        this.jobs = jobs;
        this.policies = policies;
        this.restores = restores;
        this.expected = expected;
        this.properties = properties;
        this.tx = tx;
    }

    @Override
    public List<String> facts() {
        return List.of(Facts.BACKUP_COVERAGE, Facts.BACKUP_RPO_MET, Facts.BACKUP_RESTORE_TESTED);
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        List<Evidence> out = TenantContext.callAs(TenantScope.of(client), () -> tx.execute(status -> read(client, now)));
        return out == null ? List.of() : out;
    }

    private List<Evidence> read(ClientId client, Instant now) {
        List<Evidence> out = new ArrayList<>();
        BackupPolicy policy = policies.effective(client);
        Instant expires = now.plus(Duration.ofHours(properties.evidenceHours()));
        List<JobRepository.JobRow> rows = jobs.inScope(TenantScope.of(client), client).stream()
                .filter(j -> j.present() && !j.firstSeenAt().isAfter(now)).toList();
        BackupViews.Coverage coverage = Expected.coverage(expected.devices(Viewer.steward(client, "Steward (compliance)"), client, policy), rows);
        if (coverage.expected() > 0) {
            out.add(new Evidence(Facts.BACKUP_COVERAGE, coverage.covered() == coverage.expected(), now, expires,
                    coverage.covered() + " of " + coverage.expected() + " devices that should have a backup have one",
                    coverage.missing().isEmpty() ? "" : "Without a backup: " + String.join(", ", coverage.missing())));
        }
        if (rows.isEmpty()) {
            return out;
        }
        Map<DeviceId, BackupPolicy.DeviceObjective> own = policies.objectives(client);
        RpoRule rule = new RpoRule(Clock.fixed(now, ZoneOffset.UTC));
        List<String> late = rows.stream().filter(j -> !rule.rpoMet(j.newestPointAt(), policy.rpoFor(own.get(j.deviceId()))))
                .map(j -> j.name() + " (" + (j.newestPointAt() == null ? "no restore point" : rule.ageHours(j.newestPointAt()) + " h") + ")").toList();
        out.add(new Evidence(Facts.BACKUP_RPO_MET, late.isEmpty(), now, expires, (rows.size() - late.size()) + " of " + rows.size()
                + " backup jobs with a restore point within their RPO", late.isEmpty() ? "" : "Older than the RPO: " + String.join(", ", late)));
        restoreTested(policy, rows, now).ifPresent(out::add);
        return out;
    }

    private java.util.Optional<Evidence> restoreTested(BackupPolicy policy, List<JobRepository.JobRow> rows, Instant now) {
        List<JobRepository.JobRow> testable = rows.stream().filter(j -> j.newestPointAt() != null).toList();
        if (testable.isEmpty() || "NONE".equals(policy.restorePeriod())) {
            return java.util.Optional.empty();
        }
        Duration period = policy.periodLength();
        Map<String, BackupViews.RestoreTest> newest = new LinkedHashMap<>();
        restores.list(TenantScope.of(policy.clientId()), policy.clientId(), null, now.minus(period), now, 10_000).stream()
                .filter(t -> t.finishedAt() != null && !t.finishedAt().isAfter(now)).sorted(Comparator.comparing(BackupViews.RestoreTest::finishedAt))
                .forEach(t -> newest.put(t.deviceId() + "/" + t.job(), t));
        List<String> missing = new ArrayList<>();
        int passed = 0;
        for (JobRepository.JobRow j : testable) {
            BackupViews.RestoreTest t = newest.get(j.deviceId() + "/" + j.name());
            if (t != null && "PASSED".equals(t.state()) && Boolean.TRUE.equals(t.withinRto())) {
                passed++;
            } else {
                missing.add(j.name() + (t == null ? " (not tested)" : " (" + t.state().toLowerCase(java.util.Locale.ROOT)
                        + (Boolean.FALSE.equals(t.withinRto()) ? ", over the RTO" : "") + ")"));
            }
        }
        Instant observed = newest.values().stream().map(BackupViews.RestoreTest::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(now);
        boolean ok = missing.isEmpty();
        // A passing fact lasts a period from its newest test; a failing one is established again at the next asking.
        Instant observedAt = ok ? observed : now;
        Instant expiresAt = ok ? observed.plus(period) : now.plus(Duration.ofHours(properties.evidenceHours()));
        return java.util.Optional.of(new Evidence(Facts.BACKUP_RESTORE_TESTED, ok, observedAt, expiresAt, passed + " of " + testable.size()
                + " backup jobs restored and verified within the RTO this period",
                missing.isEmpty() ? "" : "Not shown: " + String.join(", ", missing)));
    }
}
