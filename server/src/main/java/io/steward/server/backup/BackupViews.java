package io.steward.server.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** What the backup pages and API show. */
public final class BackupViews {
    private BackupViews() {
    }

    /**
     * A job's latest state as its device last reported it, judged against the objectives in force now.
     *
     * @param pointAgeHours the newest good restore point's age in whole hours; null without one
     * @param breaches      RPO, MISSED and FAILURES as {@link RpoRule} finds them now (empty: the job meets its objectives)
     */
    public record Job(DeviceId deviceId, String hostname, String name, String tool, String repository, Instant lastAttemptAt, String lastResult,
                      String lastError, Instant lastSuccessAt, Instant newestPointAt, Long pointAgeHours, int restorePoints, long sizeBytes,
                      int scheduleHours, int failuresInRow, boolean present, Instant firstSeenAt, Instant reportedAt, int rpoHours,
                      List<String> breaches) {
        public boolean rpoMet() {
            return !breaches.contains(RpoRule.Breach.RPO.name());
        }
    }

    /** One attempt of a job as first reported. */
    public record Attempt(Instant at, String result, String error, Instant newestPointAt, long sizeBytes) {
    }

    /** A job with its history, newest attempt first. */
    public record JobHistory(Job job, List<Attempt> attempts) {
    }

    /** A breach of a job's objectives, with its incident; {@code endedAt} null while it lasts. */
    public record Breach(UUID id, DeviceId deviceId, String hostname, String job, List<String> kinds, String reason, Instant startedAt,
                         Instant notedAt, Instant endedAt, UUID ticketId) {
    }

    /**
     * A restore test Steward prepared, and what it measured.
     *
     * @param state       RUNNING, PASSED (every sampled file restored and verified), FAILED, or NO_RESULT (the run ended without a result line)
     * @param withinRto   whether the restore finished within {@code rtoMinutes}; null until it finished
     */
    public record RestoreTest(UUID id, DeviceId deviceId, String hostname, String job, LocalDate periodStart, String state, UUID taskId,
                              int sample, int rtoMinutes, Instant preparedAt, Instant finishedAt, Instant pointAt, Integer files, Long bytes,
                              Long millis, Integer verified, Integer failed, Boolean withinRto) {
    }

    /**
     * RTO evidence: a device's restore tests finished in one month (UTC), the slowest against the RTO.
     *
     * @param withinRto every test of the month passed and finished within its RTO
     */
    public record RtoMonth(DeviceId deviceId, String hostname, String month, int tests, int passed, long slowestMillis, int rtoMinutes,
                           boolean withinRto) {
    }

    /** Devices that should have a backup, and those of them with at least one job reporting. */
    public record Coverage(int expected, int covered, Integer percent, List<String> missing) {
    }

    /** A client's backup at a glance (the fleet list). */
    public record ClientSummary(ClientId clientId, String clientName, int jobs, int rpoMet, int breaching, Coverage coverage, long restoreTestsPassed,
                                long restoreTestsRun) {
    }

    /**
     * A client's backup page.
     *
     * @param restoreProblem why the last restore-test pass ran nothing (no standard change covers it, say); null when it ran
     */
    public record ClientBackup(ClientId clientId, String clientName, BackupPolicy policy, Coverage coverage, List<Job> jobs, List<Breach> breaches,
                               List<RestoreTest> restoreTests, List<RtoMonth> rtoEvidence, String restoreProblem, Instant restoreCheckedAt) {
    }

    /** One device's backup: its objectives in force, whether it should have a backup, its jobs with their history. */
    public record DeviceBackup(DeviceId deviceId, ClientId clientId, String hostname, int rpoHours, int rtoMinutes, BackupPolicy.DeviceObjective override,
                               boolean expected, List<JobHistory> jobs, List<Breach> breaches, List<RestoreTest> restoreTests, List<RtoMonth> rtoEvidence) {
    }

    /** The finished tests grouped per device and month (UTC), newest month first. */
    public static List<RtoMonth> rtoEvidence(List<RestoreTest> tests) {
        java.util.Map<String, List<RestoreTest>> groups = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (RestoreTest t : tests) {
            if (t.finishedAt() != null && t.millis() != null) {
                String month = java.time.YearMonth.from(t.finishedAt().atZone(java.time.ZoneOffset.UTC)).toString();
                groups.computeIfAbsent(month + "\0" + t.hostname() + "\0" + t.deviceId().value(), k -> new java.util.ArrayList<>()).add(t);
            }
        }
        List<RtoMonth> out = new java.util.ArrayList<>();
        groups.forEach((key, list) -> {
            RestoreTest slowest = list.stream().max(java.util.Comparator.comparingLong(RestoreTest::millis)).orElseThrow();
            int passed = (int) list.stream().filter(t -> "PASSED".equals(t.state())).count();
            boolean within = list.stream().allMatch(t -> "PASSED".equals(t.state()) && Boolean.TRUE.equals(t.withinRto()));
            out.add(new RtoMonth(slowest.deviceId(), slowest.hostname(), key.substring(0, key.indexOf('\0')), list.size(), passed, slowest.millis(),
                    slowest.rtoMinutes(), within));
        });
        return out;
    }
}
