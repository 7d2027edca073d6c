package io.steward.agent.patch;

import java.io.ByteArrayOutputStream;
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

import io.steward.protocol.patch.PatchMessages;

/**
 * Runs the package manager's programs for scans and installs: an argument list (never a shell), niced on Linux
 * ({@code nice -n 10}) so a scan yields to the device's real work, nothing on standard input, the output kept up to a
 * bound (the agent has no room for big buffers), and what the children cost added up: wall time, CPU time and peak
 * resident memory. CPU time is what the agent's own children's account ({@code cutime + cstime} in
 * {@code /proc/self/stat}, which the child and every descendant it reaped add to once the JVM reaps it) grew by while
 * the program ran, at the usual 100 ticks a second (another child of the agent ending at the same time would count
 * too: best effort); peak memory is the largest VmHWM of the program and its descendants, sampled from {@code /proc}
 * every 20 ms while it runs, so a short-lived grandchild can be missed. Elsewhere than Linux both stay 0.
 */
public class Commands {
    static final int MAX_OUTPUT = 2 << 20;
    private static final int MAX_ERROR = 16 << 10;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final boolean NICE = LINUX && (Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice")));

    private final Map<String, String> environment;
    private long wallMillis;
    private long cpuMillis;
    private long maxRssKib;

    /** @param environment variables added to the children's environment (e.g. {@code APT_CONFIG}, {@code DEBIAN_FRONTEND}) */
    public Commands(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What one program did: its exit code (-1 when it could not start or was killed), standard output and the tail of its errors. */
    public record Output(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last non-blank line of the errors (or of the output), for a one-line reason. */
        public String lastError() {
            for (String text : new String[] {stderr, stdout}) {
                String[] lines = text.strip().split("\n");
                if (lines.length > 0 && !lines[lines.length - 1].isBlank()) {
                    return lines[lines.length - 1].strip();
                }
            }
            return "exit code " + exitCode;
        }
    }

    /** Runs a program niced and waits for it, at most {@code timeout}. */
    public Output run(List<String> argv, Duration timeout) {
        return run(argv, timeout, true);
    }

    /** Runs a program, niced or not (installing is not niced: it holds the package manager's lock while it runs). */
    public Output run(List<String> argv, Duration timeout, boolean niced) {
        return run(argv, timeout, niced, null, MAX_OUTPUT);
    }

    /** Runs a program in {@code directory} (null: the agent's own), niced or not (borg extracts into its working directory). */
    public Output run(List<String> argv, Duration timeout, boolean niced, Path directory) {
        return run(argv, timeout, niced, directory, MAX_OUTPUT);
    }

    /** Runs a program keeping at most {@code maxOutput} bytes of its standard output (the security checks need little). */
    public Output run(List<String> argv, Duration timeout, boolean niced, int maxOutput) {
        return run(argv, timeout, niced, null, maxOutput);
    }

    /** Runs a program in {@code directory} (null: the agent's own), keeping at most {@code maxOutput} bytes of its output. */
    public Output run(List<String> argv, Duration timeout, boolean niced, Path directory, int maxOutput) {
        List<String> command = new ArrayList<>();
        if (niced && NICE) {
            command.addAll(List.of("nice", "-n", "10"));
        }
        command.addAll(argv);
        long started = System.nanoTime();
        long childCpuBefore = LINUX ? cpuMillis(-1) : 0;
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(LINUX ? "/dev/null" : "NUL")));
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(environment);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            return new Output(-1, "", "cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(8192, maxOutput));
        ByteArrayOutputStream err = new ByteArrayOutputStream(1024);
        Thread errReader = new Thread(null, () -> drain(p.getErrorStream(), err, MAX_ERROR), "steward-patch-stderr", 128 * 1024);
        Thread outReader = new Thread(null, () -> drain(p.getInputStream(), out, maxOutput), "steward-patch-stdout", 128 * 1024);
        errReader.setDaemon(true);
        outReader.setDaemon(true);
        errReader.start();
        outReader.start();
        long[] usage = new long[2];
        boolean timedOut = false;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            sample(p, usage);
            while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
                sample(p, usage);
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    break;
                }
            }
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (LINUX) {
            // The JVM has reaped the child by now (waitFor returned): its time is in our children's account.
            usage[0] = Math.max(usage[0], cpuMillis(-1) - childCpuBefore);
        }
        synchronized (this) {
            wallMillis += (System.nanoTime() - started) / 1_000_000;
            cpuMillis += usage[0];
            maxRssKib = Math.max(maxRssKib, usage[1]);
        }
        int exit = timedOut || p.isAlive() ? -1 : p.exitValue();
        String stdout;
        String stderr;
        synchronized (out) {
            stdout = out.toString(StandardCharsets.UTF_8);
        }
        synchronized (err) {
            stderr = err.toString(StandardCharsets.UTF_8);
        }
        return new Output(exit, stdout, timedOut ? stderr + "\n" + argv.get(0) + " killed after " + timeout.toSeconds() + " s" : stderr);
    }

    /** What the programs run so far cost, and starts counting afresh. */
    public synchronized PatchMessages.Cost takeCost() {
        PatchMessages.Cost cost = new PatchMessages.Cost(wallMillis, cpuMillis, maxRssKib);
        wallMillis = 0;
        cpuMillis = 0;
        maxRssKib = 0;
        return cost;
    }

    /** usage[0]: CPU ms of the child and the children it reaped (monotonic, so the largest sample is kept); usage[1]: peak RSS KiB of any. */
    private static void sample(Process p, long[] usage) {
        if (!LINUX) {
            return;
        }
        long cpu = cpuMillis(p.pid());
        if (cpu > usage[0]) {
            usage[0] = cpu;
        }
        // Running children's time is not in the parent's cumulative fields until reaped: add theirs to this sample.
        long running = 0;
        for (ProcessHandle child : p.descendants().toList()) {
            running += cpuMillis(child.pid());
            usage[1] = Math.max(usage[1], hwmKib(child.pid()));
        }
        usage[0] = Math.max(usage[0], cpu + running);
        usage[1] = Math.max(usage[1], hwmKib(p.pid()));
    }

    /** utime + stime + cutime + cstime of a process in ms; pid -1: only the children's part of the agent's own. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid < 0 ? "self" : Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = (pid < 0 ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12])) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long hwmKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between the listing and the read
        }
        return 0;
    }

    private static void drain(InputStream in, ByteArrayOutputStream to, int limit) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (to) {
                    int room = limit - to.size();
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
