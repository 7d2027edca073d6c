package io.steward.agent.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.agent.config.AtomicFiles;

/**
 * Batches the server has not taken yet, one file per batch in {@code <config>/spool/}, named
 * {@code <seq>-<spooled epoch ms>-<kind>.json} so the order and age are in the name and need no
 * index. The spool is bounded in total bytes and in age; when a bound is hit the oldest batches
 * go first, and every batch lost so (or refused by the server) is counted in {@code dropped},
 * which the next heartbeat reports so the server knows there is a gap.
 */
public final class Spool {
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(Spool.class.getName());
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d+)-([a-z]+)\\.json");
    private static final String DROPPED_FILE = "dropped";

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;

    /** One spooled batch. */
    public record Entry(Path file, long seq, long spooledAtMillis, String kind, long bytes) {
        public byte[] body() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read spooled batch " + file, e);
            }
        }
    }

    public Spool(Path dir, long maxBytes, Duration maxAge, Clock clock) {
        if (maxBytes <= 0 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("spool bounds must be positive");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool " + dir, e);
        }
    }

    /** Keeps a batch for later; may drop older batches (or this one, if alone it exceeds the bound). */
    public synchronized void add(String kind, long seq, byte[] body) {
        if (!kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("kind must be lower-case letters: " + kind);
        }
        if (body.length > maxBytes) {
            LOG.warning(() -> "dropping " + kind + " batch " + seq + ": " + body.length + " bytes exceed the spool bound");
            addDropped(1);
            return;
        }
        // Zero-padded so that names sort in sequence order; by hand, as String.format would load the locale data.
        String number = Long.toString(seq);
        Path file = dir.resolve("0".repeat(Math.max(0, 20 - number.length())) + number + "-" + clock.millis() + "-" + kind + ".json");
        try {
            AtomicFiles.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool " + file, e);
        }
        enforceBounds();
    }

    /** The spooled batches, oldest first, after dropping any that outlived the age bound. */
    public synchronized List<Entry> entries() {
        enforceBounds();
        return scan();
    }

    public synchronized void remove(Entry entry) {
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove spooled batch " + entry.file(), e);
        }
    }

    public synchronized long totalBytes() {
        return scan().stream().mapToLong(Entry::bytes).sum();
    }

    /** Batches lost since the server last acknowledged the count. */
    public synchronized long dropped() {
        Path f = dir.resolve(DROPPED_FILE);
        try {
            return Files.exists(f) ? Long.parseLong(Files.readString(f, StandardCharsets.UTF_8).trim()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public synchronized void addDropped(long n) {
        writeDropped(dropped() + n);
    }

    /** The server has been told about {@code reported} drops; only later ones remain to report. */
    public synchronized void acknowledgeDropped(long reported) {
        writeDropped(Math.max(0, dropped() - reported));
    }

    private void writeDropped(long n) {
        try {
            AtomicFiles.write(dir.resolve(DROPPED_FILE), Long.toString(n).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drop counter in " + dir, e);
        }
    }

    private void enforceBounds() {
        List<Entry> all = scan();
        long oldestAllowed = clock.millis() - maxAge.toMillis();
        long total = all.stream().mapToLong(Entry::bytes).sum();
        int dropped = 0;
        for (Entry e : all) {
            boolean tooOld = e.spooledAtMillis() < oldestAllowed;
            if (!tooOld && total <= maxBytes) {
                continue;
            }
            remove(e);
            total -= e.bytes();
            dropped++;
            LOG.warning(() -> "dropping spooled " + e.kind() + " batch " + e.seq() + (tooOld ? ": older than " + maxAge : ": spool over " + maxBytes + " bytes"));
        }
        if (dropped > 0) {
            addDropped(dropped);
        }
    }

    private List<Entry> scan() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                sizeOf(f).ifPresent(size -> out.add(new Entry(f, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3), size)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + dir, e);
        }
        out.sort(Comparator.comparingLong(Entry::seq));
        return out;
    }

    private static Optional<Long> sizeOf(Path f) {
        try {
            return Optional.of(Files.size(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + f, e);
        }
    }
}
