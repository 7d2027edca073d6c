package io.steward.agent.task;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.steward.protocol.task.DeviceOrder;

/**
 * Runs one accepted order: the script goes to a private temporary directory (0700), then runs as interpreter + file +
 * arguments (no shell in between), with a clean environment holding only a fixed {@code PATH}, the locale and the
 * order's parameters, as the order's user, with nothing on its standard input. A timeout or a cancellation kills
 * the run's whole process group and every descendant still known. Output is kept as {@link OutputTail}s.
 */
public final class ScriptRunner {
    private static final Logger LOG = Logger.getLogger(ScriptRunner.class.getName());
    static final String SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final boolean SETSID = !WINDOWS && (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")));
    private static final int MAX_SECRET_MARGIN = 4096;

    private final Path workRoot;
    private final String agentUser;

    /** @param workRoot where the private run directories are made (null: the JVM's temporary directory) */
    public ScriptRunner(Path workRoot, String agentUser) {
        this.workRoot = workRoot;
        this.agentUser = agentUser;
    }

    /** How a run ended. {@code state}: SUCCEEDED, FAILED, TIMED_OUT or CANCELLED. */
    public record Result(String state, String reason, Integer exitCode, long durationMs, String stdoutTail, String stderrTail, long stdoutBytes,
                         long stderrBytes, String stdoutSha256, String stderrSha256) {
    }

    /** A run in progress; {@link #cancel()} stops it from any thread. */
    public static final class Handle {
        private volatile Process process;
        private volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
            Process p = process;
            if (p != null) {
                killTree(p);
            }
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    public Result run(OrderVerifier.Accepted accepted, Handle handle) {
        DeviceOrder order = accepted.order();
        int margin = accepted.secrets().values().stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
        OutputTail out = new OutputTail(order.outputLimitBytes(), Math.min(margin, MAX_SECRET_MARGIN));
        OutputTail err = new OutputTail(order.outputLimitBytes(), Math.min(margin, MAX_SECRET_MARGIN));
        long started = System.nanoTime();
        Path dir = null;
        try {
            dir = privateDirectory();
            Path script = dir.resolve(ScriptCommand.fileName(order.interpreter()));
            Files.writeString(script, accepted.script(), StandardCharsets.UTF_8);
            String runAs = order.runAs().isEmpty() || order.runAs().equals(agentUser) ? null : order.runAs();
            if (runAs != null) {
                // The other user must be able to read the script: the directory becomes theirs, still closed to everyone else.
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
                Files.setOwner(script, owner);
                Files.setOwner(dir, owner);
            }
            List<String> command = ScriptCommand.build(WINDOWS, SETSID, order.interpreter(), script.toString(), order.arguments(), runAs);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            Map<String, String> env = pb.environment();
            Map<String, String> inherited = Map.copyOf(env);
            env.clear();
            if (WINDOWS) {
                for (String keep : List.of("SystemRoot", "windir", "ComSpec", "PATHEXT", "Path", "PATH", "ProgramData", "ProgramFiles")) {
                    if (inherited.containsKey(keep)) {
                        env.put(keep, inherited.get(keep));
                    }
                }
            } else {
                env.put("PATH", SAFE_PATH);
                env.put("LANG", "C.UTF-8");
            }
            env.put("HOME", dir.toString());
            env.put("TMPDIR", dir.toString());
            env.put("TEMP", dir.toString());
            env.put("STEWARD_TASK_ID", order.taskId().toString());
            env.putAll(accepted.environment());
            env.putAll(accepted.secrets());
            Process p = pb.start();
            handle.process = p;
            if (handle.cancelled()) {
                killTree(p);
            }
            Thread outReader = TaskLoop.daemon("steward-task-stdout", () -> pump(p.getInputStream(), out));
            Thread errReader = TaskLoop.daemon("steward-task-stderr", () -> pump(p.getErrorStream(), err));
            outReader.start();
            errReader.start();
            boolean finished = p.waitFor(order.timeoutSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                killTree(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            // A descendant that left the group could keep a pipe open: do not wait for it for ever.
            outReader.join(5_000);
            errReader.join(5_000);
            closeQuietly(p.getInputStream());
            closeQuietly(p.getErrorStream());
            long ms = (System.nanoTime() - started) / 1_000_000;
            Integer exit = p.isAlive() ? null : p.exitValue();
            String state = handle.cancelled() ? "CANCELLED" : !finished ? "TIMED_OUT" : exit != null && exit == 0 ? "SUCCEEDED" : "FAILED";
            String reason = switch (state) {
                case "CANCELLED" -> "cancelled";
                case "TIMED_OUT" -> "killed after the timeout of " + order.timeoutSeconds() + " s";
                case "FAILED" -> "exit code " + exit;
                default -> null;
            };
            return result(state, reason, exit, ms, out, err, accepted);
        } catch (IOException | RuntimeException e) {
            return result("FAILED", "could not start the script: " + e.getMessage(), null, (System.nanoTime() - started) / 1_000_000, out, err, accepted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process p = handle.process;
            if (p != null) {
                killTree(p);
            }
            return result("CANCELLED", "the agent stopped", null, (System.nanoTime() - started) / 1_000_000, out, err, accepted);
        } finally {
            delete(dir);
        }
    }

    private static Result result(String state, String reason, Integer exit, long ms, OutputTail out, OutputTail err, OrderVerifier.Accepted accepted) {
        return new Result(state, reason, exit, ms, out.tail(accepted.secrets().values()), err.tail(accepted.secrets().values()), out.bytes(), err.bytes(),
                out.sha256(), err.sha256());
    }

    private Path privateDirectory() throws IOException {
        Path root = workRoot != null ? workRoot : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(root);
        if (WINDOWS) {
            return Files.createTempDirectory(root, "steward-task-");
        }
        return Files.createTempDirectory(root, "steward-task-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static File nullFile() {
        return new File(WINDOWS ? "NUL" : "/dev/null");
    }

    private static void pump(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the stream was closed after a kill: what was read is kept
        }
    }

    /**
     * Kills the run's process group (it leads one under setsid) and every descendant known before, so a script that
     * forked children, or children that left the group, do not outlive it.
     */
    static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        if (SETSID) {
            try {
                Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warning(() -> "cannot kill the process group " + p.pid() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing left to read
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove the task directory " + dir + ": " + e.getMessage());
        }
    }
}
