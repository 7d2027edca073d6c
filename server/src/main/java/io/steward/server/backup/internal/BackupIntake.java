package io.steward.server.backup.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.protocol.backup.BackupMessages;
import io.steward.server.backup.BackupProperties;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.AgentDevice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an agent's backup report in one transaction with its sequence number (a replay is refused by the agent
 * channel): each job's latest state, each new attempt (by its time) in the job's bounded history, the failures in a
 * row (reset by a success), jobs no longer reported kept as gone; then judges the device's jobs ({@link Breaches}).
 * A report older than the stored one (late from the agent's spool) is acknowledged and ignored.
 */
@Service
public class BackupIntake {
    private final JobRepository jobs;
    private final Breaches breaches;
    private final DeviceService devices;
    private final BackupProperties properties;
    private final Clock clock;

    BackupIntake(JobRepository jobs, Breaches breaches, DeviceService devices, BackupProperties properties, Clock clock) {
        this.jobs = jobs;
        this.breaches = breaches;
        this.devices = devices;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public BackupMessages.ReportResponse accept(AgentDevice device, BackupMessages.Report report) {
        DeviceService.requireApproved(device);
        Instant now = clock.instant();
        ReportCheck.check(report, now);
        devices.acceptSequence(device, "backup-report");
        Instant reportedAt = Instant.ofEpochMilli(report.reportedAt());
        var stored = jobs.lockReport(device.deviceId());
        if (stored.isPresent() && stored.get().isAfter(reportedAt)) {
            return new BackupMessages.ReportResponse(report.seq(), false, "A newer report is stored already.");
        }
        jobs.saveReport(device.deviceId(), device.clientId(), report.seq(), reportedAt, now);
        Map<String, JobRepository.JobRow> before = new LinkedHashMap<>();
        jobs.ofDevice(device.deviceId()).forEach(j -> before.put(j.name(), j));
        for (BackupMessages.Job j : report.jobs()) {
            JobRepository.JobRow old = before.remove(j.name());
            Instant attemptAt = at(j.lastAttemptAt());
            // An attempt is new when its time is later than the one stored: the same attempt reported again counts once.
            boolean newAttempt = attemptAt != null && (old == null || old.lastAttemptAt() == null || attemptAt.isAfter(old.lastAttemptAt()));
            boolean success = BackupMessages.RESULT_SUCCESS.equals(j.lastResult());
            int failures = old == null ? 0 : old.failuresInRow();
            if (newAttempt) {
                failures = success ? 0 : failures + 1;
            }
            JobRepository.JobRow row = new JobRepository.JobRow(device.deviceId(), device.clientId(), j.name(), j.tool(), j.repository().strip(),
                    newAttempt || old == null ? attemptAt : old.lastAttemptAt(), j.lastResult(), success ? null : j.lastError(),
                    at(j.lastSuccessAt()), at(j.newestRestorePointAt()), j.restorePoints(), j.sizeBytes(), j.scheduleHours(), failures,
                    old == null ? now : old.firstSeenAt(), reportedAt, true);
            jobs.upsert(row);
            if (newAttempt) {
                jobs.addAttempt(row, now, properties.historyPerJob());
            }
        }
        before.values().stream().filter(JobRepository.JobRow::present).forEach(gone -> jobs.markGone(device.deviceId(), gone.name()));
        breaches.judgeDevice(device.clientId(), device.deviceId(), now);
        return new BackupMessages.ReportResponse(report.seq(), true, null);
    }

    private static Instant at(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
