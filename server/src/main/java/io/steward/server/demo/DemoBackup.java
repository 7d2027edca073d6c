package io.steward.server.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.backup.RestoreTest;
import io.steward.server.backup.BackupReports;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The demo's backups: each client's servers (HIGH and CRITICAL devices, the default backup scope) report a nightly
 * restic job, one server per client has none (a coverage gap), every fifth one's newest restore point is 40 hours old
 * (an RPO breach with its incident), another's offsite borg job failed three times in a row (an incident), and the
 * jobs have last month's and this month's restore tests, one of them slower than the 4-hour RTO.
 */
@Component
class DemoBackup {
    private static final Logger log = LoggerFactory.getLogger(DemoBackup.class);
    private static final long SEQ_BASE = 5_000_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private final BackupReports reports;
    private final Clock clock;

    DemoBackup(BackupReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    void seed(List<DemoFleet.Member> fleet) {
        Map<ClientId, Integer> perClient = new HashMap<>();
        int n = 0;
        long now = clock.millis();
        for (DemoFleet.Member m : fleet) {
            if (!List.of("CRITICAL", "HIGH").contains(m.plan().criticality())) {
                continue;
            }
            int k = perClient.merge(m.client(), 1, Integer::sum);
            if (k == 2) {
                continue;
            }
            int i = n++;
            try {
                TenantContext.runAs(TenantScope.of(m.client()), () -> device(m, i, now));
            } catch (RuntimeException e) {
                log.warn("Demo: no backup for {}: {}", m.plan().hostname(), e.getMessage());
            }
        }
        log.info("Demo: backup jobs for {} servers", n);
    }

    private void device(DemoFleet.Member m, int i, long now) {
        long point = i % 5 == 1 ? now - 40 * HOUR : now - 3 * HOUR;
        List<BackupMessages.Job> jobs = new ArrayList<>();
        jobs.add(new BackupMessages.Job("nightly", BackupMessages.TOOL_RESTIC, "/srv/backup/restic", point, "success", null, point, point, 30 + i % 20,
                8_000_000_000L + i * 37_000_000L, 24));
        boolean offsite = i % 5 == 3;
        for (int attempt = offsite ? 3 : 0; attempt >= 0; attempt--) {
            List<BackupMessages.Job> report = new ArrayList<>(jobs);
            if (offsite) {
                long at = now - attempt * 6 * HOUR - HOUR;
                report.add(new BackupMessages.Job("offsite", BackupMessages.TOOL_BORG, "ssh://backup@offsite.example/./" + m.plan().hostname(), at,
                        attempt == 0 ? "locked" : "failed", "Failed to create/acquire the lock", now - 30 * HOUR, now - 30 * HOUR, 12, 5_500_000_000L, 6));
            }
            AgentDevice device = new AgentDevice(m.id(), m.client(), true, SEQ_BASE + i * 10L + (3 - attempt));
            reports.accept(device, new BackupMessages.Report(device.seq(), now - attempt * 6 * HOUR, List.copyOf(report)));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate lastMonth = today.minusMonths(1).withDayOfMonth(1);
        Instant lastAt = lastMonth.plusDays(9).atStartOfDay(ZoneOffset.UTC).toInstant();
        reports.recordTest(m.client(), m.id(), lastMonth, new RestoreTest.Result("nightly", lastAt.toEpochMilli() - 5 * HOUR, 5, 18_000_000L,
                i % 7 == 4 ? 5 * HOUR : 420_000L + i * 9_000L, 5, 0), 5, 240, lastAt);
        if (today.getDayOfMonth() > 1) {
            Instant at = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3 * 3600);
            reports.recordTest(m.client(), m.id(), today.withDayOfMonth(1), new RestoreTest.Result("nightly", at.toEpochMilli() - 5 * HOUR, 5,
                    18_000_000L, 380_000L + i * 7_000L, 5, 0), 5, 240, at);
        }
    }
}
