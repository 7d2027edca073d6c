package io.steward.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's monotonic sequence number, kept in {@code <config>/seq}. Each number is written
 * to disk before it is handed out, so a restart never reuses one: the server stores a
 * (device, seq) only once and would silently treat a reused number as a duplicate.
 */
public final class SequenceFile {
    public static final String FILE_NAME = "seq";
    private final Path file;
    private long last;

    public SequenceFile(Path dir) {
        this.file = dir.resolve(FILE_NAME);
        this.last = readLast(file);
    }

    private static long readLast(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " does not hold a number; refusing to guess the next sequence", e);
        }
    }

    public synchronized long next() {
        long n = last + 1;
        try {
            AtomicFiles.write(file, Long.toString(n).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the sequence number in " + file, e);
        }
        last = n;
        return n;
    }

    public synchronized long last() {
        return last;
    }
}
