package io.steward.agent.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.RestoreTest;

/**
 * One restore test of a local job: picks SAMPLE files of the newest restore point, restores them into a fresh scratch
 * directory, checks them, times the restore and always removes the scratch directory.
 *
 * <p>Which files: regular files of at most {@link #MAX_FILE_BYTES} (together at most {@link #MAX_TOTAL_BYTES}) whose
 * path needs no quoting; 20 per sampled file are chosen uniformly at random from the whole listing (streamed, see
 * {@link Reservoir}), and of those the ones that can be compared with their source come first. A file can be compared
 * when its source on this device (inside the job's source paths, when the job names any) exists with the size the
 * restore point recorded and was not modified after the restore point was taken. How each is verified:
 * <ul>
 *   <li>comparable: the restored file's SHA-256 must equal the source's, re-read after the restore (a source modified
 *       meanwhile falls to the next rule). A source that changed without a newer modification time (tampering, a
 *       tool that kept the mtime, bit rot) therefore fails the test: the restore does not give back what is on disk.</li>
 *   <li>not comparable (the source changed since, is gone, or belongs to another device): only when there are not
 *       SAMPLE comparable files; verified by the tool's own check, i.e. the restore exited 0 with the file at its
 *       recorded size. restic restores with {@code --verify} (it re-reads every restored file and checks its blobs'
 *       SHA-256 against the repository); borg authenticates every chunk it extracts.</li>
 * </ul>
 * A file that was not restored, or has another size than recorded, failed. The time is the restore command's wall time.
 */
final class RestoreRun {
    static final long MAX_FILE_BYTES = 64L << 20;
    static final long MAX_TOTAL_BYTES = 1L << 30;
    /** Files kept from the listing to choose the sample from: 20 per sampled file, comparable ones among them preferred. */
    static final int MAX_CANDIDATES = 2000;

    private final RandomGenerator random;

    RestoreRun(RandomGenerator random) {
        this.random = random;
    }

    /** The measured result and, when the test could not run at all, why. */
    record Outcome(RestoreTest.Result result, String problem) {
    }

    private record Pick(BackupTool.Entry entry, Path source) {
    }

    Outcome run(LocalJob job, BackupTool tool, int sample, Optional<Path> scratchParent, Duration timeout, Consumer<String> log) {
        BackupTool.State state = tool.read(job);
        if (state.result() != null) {
            return nothing(job, 0, "the repository cannot be read (" + state.result() + "): " + state.error());
        }
        Optional<BackupTool.Point> newest = state.newest();
        if (newest.isEmpty()) {
            return nothing(job, 0, "the repository holds no restore point");
        }
        BackupTool.Point point = newest.get();
        Reservoir candidates = new Reservoir(Math.min(MAX_CANDIDATES, sample * 20), random);
        String listError = tool.files(job, point, e -> {
            if (e.size() <= MAX_FILE_BYTES && e.path().chars().noneMatch(c -> c < 0x20 || c == 0x7f || "*?[]\\".indexOf(c) >= 0)) {
                candidates.offer(e);
            }
        });
        if (listError != null) {
            return nothing(job, point.at(), "cannot list the restore point: " + listError);
        }
        List<Pick> picks = pick(job, tool, point, candidates.items, sample);
        if (picks.isEmpty()) {
            return nothing(job, point.at(), "the restore point holds no file that can be sampled");
        }
        Path scratch = null;
        try {
            scratch = scratchParent.isPresent() ? Files.createTempDirectory(scratchParent.get(), "steward-restore-")
                    : Files.createTempDirectory("steward-restore-");
            long started = System.nanoTime();
            Commands.Output out = tool.restore(job, point, picks.stream().map(p -> p.entry().path()).toList(), scratch, timeout);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!out.ok()) {
                log.accept("the restore exited with " + out.exitCode() + ": " + BackupTool.message(out));
            }
            int verified = 0;
            long bytes = 0;
            for (Pick p : picks) {
                Path restored = tool.restored(scratch, p.entry().path());
                String verdict = verdict(p, restored, point, out.ok());
                if (Files.isRegularFile(restored, LinkOption.NOFOLLOW_LINKS)) {
                    bytes += Files.size(restored);
                }
                if (verdict.startsWith("verified")) {
                    verified++;
                }
                log.accept(verdict + ": " + p.entry().path());
            }
            return new Outcome(new RestoreTest.Result(job.name(), point.at(), picks.size(), bytes, millis, verified, picks.size() - verified), null);
        } catch (IOException e) {
            return nothing(job, point.at(), "restore test failed: " + e.getMessage());
        } finally {
            if (scratch != null && !delete(scratch)) {
                log.accept("could not remove the scratch directory " + scratch);
            }
        }
    }

    private static Outcome nothing(LocalJob job, long pointAt, String problem) {
        return new Outcome(new RestoreTest.Result(job.name(), pointAt, 0, 0, 0, 0, 0), BackupTool.oneLine(problem));
    }

    /**
     * A uniform random choice of at most {@code capacity} of the files offered (reservoir sampling, algorithm R), so
     * a listing of millions of files is sampled whole in constant memory.
     */
    static final class Reservoir {
        final List<BackupTool.Entry> items = new ArrayList<>();
        private final int capacity;
        private final RandomGenerator random;
        private long seen;

        Reservoir(int capacity, RandomGenerator random) {
            this.capacity = capacity;
            this.random = random;
        }

        void offer(BackupTool.Entry e) {
            seen++;
            if (items.size() < capacity) {
                items.add(e);
            } else {
                long j = random.nextLong(seen);
                if (j < capacity) {
                    items.set((int) j, e);
                }
            }
        }
    }

    private List<Pick> pick(LocalJob job, BackupTool tool, BackupTool.Point point, List<BackupTool.Entry> files, int sample) {
        List<BackupTool.Entry> candidates = new ArrayList<>(files);
        // Fisher-Yates with the given generator (a seeded one in tests)
        for (int i = candidates.size() - 1; i > 0; i--) {
            Collections.swap(candidates, i, random.nextInt(i + 1));
        }
        List<Pick> comparable = new ArrayList<>();
        List<Pick> others = new ArrayList<>();
        for (BackupTool.Entry e : candidates) {
            Optional<Path> source = tool.source(e.path()).filter(s -> job.sources().isEmpty() || job.sources().stream().anyMatch(s::startsWith));
            if (source.isPresent() && unchanged(source.get(), e, point)) {
                comparable.add(new Pick(e, source.get()));
            } else {
                others.add(new Pick(e, null));
            }
        }
        List<Pick> picks = new ArrayList<>();
        long total = 0;
        for (Pick p : Stream.concat(comparable.stream(), others.stream()).toList()) {
            if (picks.size() == sample) {
                break;
            }
            if (total + p.entry().size() <= MAX_TOTAL_BYTES) {
                picks.add(p);
                total += p.entry().size();
            }
        }
        return picks;
    }

    /** The source is a regular file of the recorded size, modified no later than the restore point was taken. */
    private static boolean unchanged(Path source, BackupTool.Entry e, BackupTool.Point point) {
        try {
            return Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && Files.size(source) == e.size()
                    && Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS).toMillis() <= point.at();
        } catch (IOException ex) {
            return false;
        }
    }

    private static String verdict(Pick p, Path restored, BackupTool.Point point, boolean toolOk) throws IOException {
        if (!Files.isRegularFile(restored, LinkOption.NOFOLLOW_LINKS)) {
            return "failed, not restored";
        }
        if (Files.size(restored) != p.entry().size()) {
            return "failed, restored with " + Files.size(restored) + " bytes instead of " + p.entry().size();
        }
        if (p.source() != null && unchanged(p.source(), p.entry(), point)) {
            return sha256(restored).equals(sha256(p.source())) ? "verified against the source" : "failed, SHA-256 differs from the source";
        }
        return toolOk ? "verified by the tool's own check (source changed or not on this device)" : "failed, the restore did not finish";
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes the scratch directory and all in it, never following links out of it; directories restored without write
     * permission are made writable for the agent first. False when something stayed.
     */
    static boolean delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.toList();
            for (Path p : all) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    p.toFile().setWritable(true, true);
                    p.toFile().setExecutable(true, true);
                }
            }
            for (Path p : all.reversed()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return !Files.exists(dir);
        }
    }
}
