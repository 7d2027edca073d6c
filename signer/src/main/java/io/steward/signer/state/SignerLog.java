package io.steward.signer.state;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import io.steward.protocol.task.CanonicalText;

/**
 * The signer's own append-only log: one JSON line per signing, refusal, keyring change, standard change and
 * rotation. Each line carries the hash of the line before it and its own hash over its fields, so a line changed,
 * removed or reordered breaks the chain at that point ({@link #verify}). Appends happen under the home's lock.
 */
public final class SignerLog {
    static final String GENESIS = "0".repeat(64);

    private final Path file;

    public SignerLog(Path file) {
        this.file = file;
    }

    /** One line of the log. */
    public record Entry(long seq, Instant at, String event, String detail, String prev, String hash) {
        static String hashOf(long seq, Instant at, String event, String detail, String prev) {
            return CanonicalText.sha256Hex(CanonicalText.begin("steward-signer-log-v1").add("seq", seq).add("at", at.toString())
                    .add("event", event).add("detail", detail).add("prev", prev).bytes());
        }
    }

    /** What {@link #verify} found: the number of intact lines and the first problem, or null. */
    public record Verification(long lines, String head, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    public Entry append(String event, String detail, Instant at) {
        try {
            Entry last = last();
            long seq = last == null ? 1 : last.seq() + 1;
            String prev = last == null ? GENESIS : last.hash();
            Entry e = new Entry(seq, at, event, detail, prev, Entry.hashOf(seq, at, event, detail, prev));
            byte[] line = (JsonFiles.JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(file)) {
                JsonFiles.createPrivate(file);
            }
            Files.write(file, line, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static Verification verify(Path file) {
        if (!Files.exists(file)) {
            return new Verification(0, GENESIS, null);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prev = GENESIS;
        long n = 0;
        for (String line : lines) {
            Entry e;
            try {
                e = JsonFiles.JSON.readValue(line, Entry.class);
            } catch (RuntimeException ex) {
                return new Verification(n, prev, "line " + (n + 1) + " is not a log entry");
            }
            if (e.seq() != n + 1) {
                return new Verification(n, prev, "line " + (n + 1) + " has sequence " + e.seq() + ": a line was removed or reordered");
            }
            if (!prev.equals(e.prev())) {
                return new Verification(n, prev, "line " + (n + 1) + " does not follow the line before it");
            }
            if (!Entry.hashOf(e.seq(), e.at(), e.event(), e.detail(), e.prev()).equals(e.hash())) {
                return new Verification(n, prev, "line " + (n + 1) + " was changed after it was written");
            }
            prev = e.hash();
            n++;
        }
        return new Verification(n, prev, null);
    }

    private Entry last() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        // Reads back from the end to the last complete line: the log grows without bound, appends must not.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length() - 1;
            long pos = end - 1;
            while (pos >= 0) {
                raf.seek(pos);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            raf.seek(pos + 1);
            byte[] bytes = new byte[(int) (end - pos - 1)];
            raf.readFully(bytes);
            return JsonFiles.JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Entry.class);
        }
    }
}
