package io.steward.agent.backup;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.backup.RestoreTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real restic and BorgBackup (Debian packages; .ci/run installs them): repositories made in a temporary directory, a
 * directory backed up, the agent's report of them, missing and locked repositories, and restore tests that restore and
 * verify files, with a source changed after the backup and one changed behind its modification time.
 */
class RealBackupToolsTest {
    @TempDir
    Path tmp;
    BackupWorld world;

    @BeforeEach
    void world() throws Exception {
        world = new BackupWorld(tmp);
    }

    @Test
    void resticJobIsReportedWithItsNewestRestorePoint() throws Exception {
        Path repo = world.resticRepo("restic-repo");
        world.resticBackup(repo);
        Instant before = Instant.now();
        world.resticBackup(repo);
        Instant after = Instant.now();
        LocalJob job = world.job("nightly", BackupMessages.TOOL_RESTIC, repo, 24);
        BackupReader reader = world.reader(job);

        BackupMessages.Report report = reader.read();

        assertThat(report.jobs()).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo("nightly");
            assertThat(j.tool()).isEqualTo(BackupMessages.TOOL_RESTIC);
            assertThat(j.repository()).isEqualTo(repo.toString());
            assertThat(j.lastResult()).isEqualTo(BackupMessages.RESULT_SUCCESS);
            assertThat(j.lastError()).isNull();
            assertThat(j.restorePoints()).isEqualTo(2);
            assertThat(j.newestRestorePointAt()).isBetween(before.toEpochMilli(), after.toEpochMilli());
            assertThat(j.lastSuccessAt()).isEqualTo(j.newestRestorePointAt());
            assertThat(j.lastAttemptAt()).isEqualTo(j.newestRestorePointAt());
            assertThat(j.sizeBytes()).isPositive();
            assertThat(j.scheduleHours()).isEqualTo(24);
        });
        // The size is read once per snapshot: the next report has the same, a new snapshot with more data a larger one.
        assertThat(reader.read().jobs().get(0).sizeBytes()).isEqualTo(report.jobs().get(0).sizeBytes());
        Files.write(world.source.resolve("new.bin"), new java.util.SplittableRandom(9).ints(50_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        world.resticBackup(repo);
        BackupMessages.Job third = reader.read().jobs().get(0);
        assertThat(third.restorePoints()).isEqualTo(3);
        assertThat(third.sizeBytes()).isGreaterThan(report.jobs().get(0).sizeBytes());
    }

    @Test
    void aFailedUnitRunIsTheLastAttemptWhileTheSnapshotsStayTheLastSuccess() throws Exception {
        Path repo = world.resticRepo("restic-repo");
        world.resticBackup(repo);
        long failedAt = Instant.now().toEpochMilli();
        LocalJob job = new LocalJob("nightly", BackupMessages.TOOL_RESTIC, repo.toString(), world.passwordFile, List.of(world.source), 24,
                Optional.of("restic-nightly.service"));
        BackupReader reader = world.reader(unit -> unit.equals("restic-nightly.service")
                ? SystemdUnit.parse("Result=exit-code\nExecMainStatus=1\nExecMainExitTimestamp=@" + failedAt / 1000 + "\nActiveState=failed\n") : null, job);

        BackupMessages.Job j = reader.read().jobs().get(0);

        assertThat(j.lastResult()).isEqualTo(BackupMessages.RESULT_FAILED);
        assertThat(j.lastError()).contains("Result=exit-code", "status 1");
        assertThat(j.lastAttemptAt()).isEqualTo(failedAt / 1000 * 1000);
        assertThat(j.lastSuccessAt()).isEqualTo(j.newestRestorePointAt()).isNotNull();
        assertThat(j.restorePoints()).isEqualTo(1);
    }

    @Test
    void missingRepositoriesAreMissing() throws Exception {
        LocalJob restic = world.job("gone-restic", BackupMessages.TOOL_RESTIC, tmp.resolve("no-such-restic"), 24);
        LocalJob borg = world.job("gone-borg", BackupMessages.TOOL_BORG, tmp.resolve("no-such-borg"), 24);

        List<BackupMessages.Job> jobs = world.reader(restic, borg).read().jobs();

        assertThat(jobs).hasSize(2).allSatisfy(j -> {
            assertThat(j.lastResult()).as(j.lastError()).isEqualTo(BackupMessages.RESULT_MISSING);
            assertThat(j.lastError()).isNotBlank().hasSizeLessThanOrEqualTo(500);
            assertThat(j.restorePoints()).isZero();
            assertThat(j.newestRestorePointAt()).isNull();
        });
    }

    @Test
    void aResticRepositoryLockedExclusivelyByAnotherResticIsLocked() throws Exception {
        Path repo = world.resticRepo("restic-repo");
        world.resticBackup(repo);
        // 'key passwd' takes the exclusive lock, then waits for the new password on its standard input, which stays open.
        ProcessBuilder pb = new ProcessBuilder("restic", "--repo", repo.toString(), "--password-file", world.passwordFile.toString(), "key", "passwd")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("passwd.out").toFile());
        pb.environment().putAll(world.resticEnv());
        Process holder = pb.start();
        OutputStream keepOpen = holder.getOutputStream();
        try {
            waitFor(() -> {
                try (Stream<Path> locks = Files.list(repo.resolve("locks"))) {
                    return locks.findAny().isPresent();
                }
            });
            BackupMessages.Job j = world.reader(world.job("nightly", BackupMessages.TOOL_RESTIC, repo, 24)).read().jobs().get(0);

            assertThat(j.lastResult()).as(j.lastError()).isEqualTo(BackupMessages.RESULT_LOCKED);
            assertThat(j.lastError()).contains("locked");
        } finally {
            keepOpen.close();
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void borgJobIsReportedAndALockHeldLongerThanTheWaitIsLocked() throws Exception {
        Path repo = world.borgRepo("borg-repo");
        world.borgBackup(repo, "first");
        Instant before = Instant.now().minusSeconds(1);
        world.borgBackup(repo, "second");
        Instant after = Instant.now();
        LocalJob job = world.job("borg-daily", BackupMessages.TOOL_BORG, repo, 24);

        BackupMessages.Job j = world.reader(job).read().jobs().get(0);

        assertThat(j.lastResult()).as(j.lastError()).isEqualTo(BackupMessages.RESULT_SUCCESS);
        assertThat(j.restorePoints()).isEqualTo(2);
        assertThat(j.newestRestorePointAt()).isBetween(before.toEpochMilli(), after.toEpochMilli());
        assertThat(j.lastSuccessAt()).isEqualTo(j.newestRestorePointAt());
        assertThat(j.sizeBytes()).isPositive();
        assertThat(j.tool()).isEqualTo(BackupMessages.TOOL_BORG);
        BackupReader reader = world.reader(job);
        assertThat(reader.read().jobs().get(0).sizeBytes()).isEqualTo(j.sizeBytes());
        Files.write(world.source.resolve("new.bin"), new java.util.SplittableRandom(9).ints(50_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        world.borgBackup(repo, "third");
        assertThat(reader.read().jobs().get(0).sizeBytes()).isGreaterThan(j.sizeBytes());

        ProcessBuilder pb = new ProcessBuilder("borg", "with-lock", repo.toString(), "sleep", "120").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("with-lock.out").toFile());
        pb.environment().putAll(world.borgPass());
        Process holder = pb.start();
        try {
            waitFor(() -> Files.exists(repo.resolve("lock.exclusive")));
            BackupMessages.Job locked = world.reader(job).read().jobs().get(0);
            assertThat(locked.lastResult()).as(locked.lastError()).isEqualTo(BackupMessages.RESULT_LOCKED);
            assertThat(locked.restorePoints()).isZero();
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly);
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void resticRestoreTestRestoresAndVerifiesTheSampleAgainstTheSource() throws Exception {
        Path repo = world.resticRepo("restic-repo");
        world.resticBackup(repo);
        LocalJob job = world.job("nightly", BackupMessages.TOOL_RESTIC, repo, 24);
        BackupReader reader = world.reader(job);
        List<String> log = new ArrayList<>();

        RestoreRun.Outcome o = new RestoreRun(new SplittableRandom(7)).run(job, reader.tool(job), 3, Optional.of(tmp), Duration.ofMinutes(5), log::add);

        assertThat(o.problem()).isNull();
        RestoreTest.Result r = o.result();
        assertThat(r.passed()).as(log.toString()).isTrue();
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.verified()).isEqualTo(3);
        assertThat(r.bytes()).isPositive();
        assertThat(r.millis()).isPositive().isLessThan(300_000);
        assertThat(r.pointAt()).isEqualTo(reader.read().jobs().get(0).newestRestorePointAt());
        assertThat(log).hasSize(3).allMatch(l -> l.startsWith("verified against the source: " + world.source));
        assertThat(RestoreTest.parse(r.line())).contains(r);
        assertNoScratchLeft();
    }

    @Test
    void aSourceChangedAfterTheBackupIsVerifiedByTheToolAndOneChangedBehindItsMtimeFails() throws Exception {
        Path repo = world.borgRepo("borg-repo");
        world.borgBackup(repo, "only");
        LocalJob job = world.job("borg-daily", BackupMessages.TOOL_BORG, repo, 24);
        BackupReader reader = world.reader(job);
        // Changed after the backup (a newer mtime): compared with nothing, the tool's own check stands for it.
        Path edited = world.source.resolve("odd/file-1.txt");
        Files.writeString(edited, "edited after the backup\n");
        List<String> log = new ArrayList<>();

        RestoreRun.Outcome all = new RestoreRun(new SplittableRandom(1)).run(job, reader.tool(job), 5, Optional.of(tmp), Duration.ofMinutes(5), log::add);

        assertThat(all.result().passed()).as(log.toString()).isTrue();
        assertThat(all.result().files()).isEqualTo(5);
        assertThat(log).filteredOn(l -> l.startsWith("verified against the source")).hasSize(4);
        assertThat(log).filteredOn(l -> l.startsWith("verified by the tool's own check")).singleElement().asString().endsWith("odd/file-1.txt");
        assertNoScratchLeft();

        // Changed with the same size and its old modification time put back: the restored file is not what the source holds.
        Path tampered = world.source.resolve("even/file-2.txt");
        FileTime old = Files.getLastModifiedTime(tampered);
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[0] = (byte) (bytes[0] ^ 1);
        Files.write(tampered, bytes);
        Files.setLastModifiedTime(tampered, old);
        log.clear();

        RestoreRun.Outcome bad = new RestoreRun(new SplittableRandom(1)).run(job, reader.tool(job), 5, Optional.of(tmp), Duration.ofMinutes(5), log::add);

        assertThat(bad.result().passed()).isFalse();
        assertThat(bad.result().failed()).isEqualTo(1);
        assertThat(bad.result().verified()).isEqualTo(4);
        assertThat(log).filteredOn(l -> l.startsWith("failed, SHA-256 differs from the source")).singleElement().asString().endsWith("even/file-2.txt");
        assertNoScratchLeft();
    }

    @Test
    void aRestoreTestOfAMissingRepositorySaysWhyAndFails() throws Exception {
        LocalJob job = world.job("gone", BackupMessages.TOOL_RESTIC, tmp.resolve("nothing-here"), 24);

        RestoreRun.Outcome o = new RestoreRun(new SplittableRandom(1)).run(job, world.reader(job).tool(job), 2, Optional.of(tmp), Duration.ofMinutes(1),
                l -> { });

        assertThat(o.result().passed()).isFalse();
        assertThat(o.result().files()).isZero();
        assertThat(o.problem()).startsWith("the repository cannot be read (missing)");
        assertNoScratchLeft();
    }

    private void assertNoScratchLeft() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("steward-restore-"));
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the lock");
            }
            Thread.sleep(50);
        }
    }
}
