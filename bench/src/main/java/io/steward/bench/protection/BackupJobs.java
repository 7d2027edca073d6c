package io.steward.bench.protection;

import java.util.List;
import java.util.SplittableRandom;

import io.steward.protocol.backup.BackupMessages;

/**
 * A device's backup report as the agent posts it, deterministic per seed and device: one nightly restic job to the
 * client's SFTP repository. 95 % of jobs worked last night (newest restore point 1 to 20 hours old), 3 % failed last
 * night after earlier successes (the newest point about a day and a half old: past a 24-hour RPO), 2 % fail for a
 * locked repository.
 */
final class BackupJobs {
    private static final long HOUR = 3_600_000L;

    private BackupJobs() {
    }

    static BackupMessages.Report report(long seed, int device, long seq, long now) {
        SplittableRandom random = new SplittableRandom(seed * 31 + device);
        double x = random.nextDouble();
        long attempt = now - HOUR * (1 + random.nextInt(20));
        String repository = "sftp:backup@vault.example.net:/srv/restic/prot-" + String.format("%05d", device);
        int points = 30 + random.nextInt(60);
        long size = (20L + random.nextInt(200)) * 1_000_000_000L;
        BackupMessages.Job job;
        if (x < 0.95) {
            job = new BackupMessages.Job("nightly", BackupMessages.TOOL_RESTIC, repository, attempt, BackupMessages.RESULT_SUCCESS, null, attempt,
                    attempt, points, size, 24);
        } else if (x < 0.98) {
            long good = attempt - HOUR * 24;
            job = new BackupMessages.Job("nightly", BackupMessages.TOOL_RESTIC, repository, attempt, BackupMessages.RESULT_FAILED,
                    "Fatal: unable to save snapshot: sftp: no space left on device", good, good, points, size, 24);
        } else {
            long good = attempt - HOUR * 24;
            job = new BackupMessages.Job("nightly", BackupMessages.TOOL_RESTIC, repository, attempt, BackupMessages.RESULT_LOCKED,
                    "unable to create lock in backend: repository is already locked by PID 4711", good, good, points, size, 24);
        }
        return new BackupMessages.Report(seq, now, List.of(job));
    }
}
