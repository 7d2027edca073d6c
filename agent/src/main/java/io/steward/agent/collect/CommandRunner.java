package io.steward.agent.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a program with an argument list (never through a shell) and returns what it printed. */
@FunctionalInterface
public interface CommandRunner {
    /** Standard output, whatever the exit code; empty when the program cannot be started or does not finish in time. */
    Optional<String> run(List<String> argv, Duration timeout);

    /** The real thing, through {@link ProcessBuilder}; output beyond 1 MiB is cut off. */
    CommandRunner PROCESS = (argv, timeout) -> {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close(); // nothing to read: end of input at once
            byte[] out = in.readNBytes(1 << 20);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        }
    };
}
