package io.steward.agent.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.steward.agent.config.AtomicFiles;

/**
 * The agent's own releases in its state directory ({@code /var/lib/steward-agent/releases}), shared with the
 * launcher, which reads them before it starts Java:
 * <ul>
 * <li>{@code current}: the file name of the jar to run ({@code steward-agent-<version>.jar} in this directory);
 * absent: the packaged jar;</li>
 * <li>{@code trial}: {@code version=}, {@code previous=} (file name, empty for the packaged jar) and
 * {@code deadline=} (epoch seconds): a swapped-in version that has not yet delivered a heartbeat. When the deadline
 * passes, the launcher (at the next start) or the agent itself puts {@code previous} back;</li>
 * <li>{@code failed}: versions that were rolled back, one a line, never installed again.</li>
 * </ul>
 * Files are replaced atomically; the launcher only reads them.
 */
public final class ReleaseDirectory {
    static final String CURRENT = "current";
    static final String TRIAL = "trial";
    static final String FAILED = "failed";

    private final Path dir;

    public ReleaseDirectory(Path stateDir) {
        this.dir = stateDir.resolve("releases");
    }

    public Path path() {
        return dir;
    }

    static String jarName(String version) {
        return "steward-agent-" + version + ".jar";
    }

    /** A version on trial: not yet confirmed by a delivered heartbeat. */
    public record Trial(String version, String previous, Instant deadline) {
    }

    public Optional<String> current() {
        return read(CURRENT).map(String::strip).filter(s -> !s.isEmpty());
    }

    public Optional<Trial> trial() {
        return read(TRIAL).map(text -> {
            String version = null;
            String previous = "";
            long deadline = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("version=")) {
                    version = line.substring(8);
                } else if (line.startsWith("previous=")) {
                    previous = line.substring(9);
                } else if (line.startsWith("deadline=")) {
                    deadline = Long.parseLong(line.substring(9).strip());
                }
            }
            return version == null ? null : new Trial(version, previous, Instant.ofEpochSecond(deadline));
        });
    }

    public List<String> failed() {
        return read(FAILED).map(t -> List.of(t.split("\n"))).orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Makes the staged jar current, on trial until the deadline; the previous one stays for a rollback. */
    void swapTo(String version, Instant deadline) throws IOException {
        String previous = current().orElse("");
        write(TRIAL, "version=" + version + "\nprevious=" + previous + "\ndeadline=" + deadline.getEpochSecond() + "\n");
        write(CURRENT, jarName(version) + "\n");
    }

    /** The running version delivered a heartbeat: it stays, and jars other than it and its predecessor go. */
    void confirm(Trial trial) throws IOException {
        Files.deleteIfExists(dir.resolve(TRIAL));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("steward-agent-") && name.endsWith(".jar") && !name.equals(jarName(trial.version()))
                        && !name.equals(trial.previous())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Puts the previous jar back and remembers the version as failed (what the launcher does at a start past the deadline). */
    void rollBack(Trial trial) throws IOException {
        List<String> failed = new ArrayList<>(failed());
        failed.add(trial.version());
        write(FAILED, String.join("\n", failed) + "\n");
        if (trial.previous().isEmpty()) {
            Files.deleteIfExists(dir.resolve(CURRENT));
        } else {
            write(CURRENT, trial.previous() + "\n");
        }
        Files.deleteIfExists(dir.resolve(TRIAL));
    }

    private Optional<String> read(String name) {
        try {
            Path f = dir.resolve(name);
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String content) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }
}
