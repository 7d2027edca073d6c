package io.steward.agent.backup;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.steward.agent.patch.Commands;

/**
 * Runs a program whose standard output is too long to keep (the listing of a restore point with millions of files) and
 * hands it over line by line, so the listing is read whole in constant memory: niced on Linux, an argument list, nothing
 * on standard input, lines longer than {@link #MAX_LINE} skipped, the errors kept up to 16 KiB, killed at the timeout.
 */
final class LineStream {
    static final int MAX_LINE = 64 << 10;
    private static final int MAX_ERROR = 16 << 10;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final boolean NICE = LINUX && (Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice")));

    private LineStream() {
    }

    /** The exit code (-1 when it could not start or was killed) and the errors; the output went to {@code each}. */
    static Commands.Output run(List<String> argv, Map<String, String> environment, Duration timeout, Consumer<String> each) {
        List<String> command = new ArrayList<>();
        if (NICE) {
            command.addAll(List.of("nice", "-n", "10"));
        }
        command.addAll(argv);
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File(LINUX ? "/dev/null" : "NUL")));
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(environment);
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            return new Commands.Output(-1, "", "cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream(1024);
        Thread errReader = daemon("steward-backup-stderr", () -> drain(p.getErrorStream(), err));
        boolean[] killed = new boolean[1];
        Thread watchdog = daemon("steward-backup-timeout", () -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed[0] = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        errReader.start();
        watchdog.start();
        try (InputStream out = p.getInputStream()) {
            lines(out, each);
            p.waitFor();
            errReader.join(5_000);
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        watchdog.interrupt();
        String stderr;
        synchronized (err) {
            stderr = err.toString(StandardCharsets.UTF_8);
        }
        boolean timedOut = killed[0];
        return new Commands.Output(timedOut || p.isAlive() ? -1 : p.exitValue(), "",
                timedOut ? stderr + "\n" + argv.get(0) + " killed after " + timeout.toSeconds() + " s" : stderr);
    }

    /** Splits the stream at '\n' (UTF-8), skipping lines longer than {@link #MAX_LINE}. */
    static void lines(InputStream in, Consumer<String> each) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        boolean tooLong = false;
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    if (!tooLong && line.size() + (i - start) <= MAX_LINE) {
                        line.write(buffer, start, i - start);
                        each.accept(line.toString(StandardCharsets.UTF_8));
                    }
                    line.reset();
                    tooLong = false;
                    start = i + 1;
                }
            }
            if (!tooLong && line.size() + (n - start) <= MAX_LINE) {
                line.write(buffer, start, n - start);
            } else {
                tooLong = true;
                line.reset();
            }
        }
        if (!tooLong && line.size() > 0) {
            each.accept(line.toString(StandardCharsets.UTF_8));
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(null, work, name, 128 * 1024);
        t.setDaemon(true);
        return t;
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (to) {
                    int room = MAX_ERROR - to.size();
                    if (room > 0) {
                        to.write(buffer, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException e) {
            // killed: what was read is kept
        }
    }
}
