package io.steward.agent.backup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import io.steward.agent.task.OrderVerifier;
import io.steward.agent.task.OutputTail;
import io.steward.agent.task.ScriptRunner;
import io.steward.protocol.backup.RestoreTest;

/**
 * Runs a verified order of the built-in interpreter {@link RestoreTest#INTERPRETER}: the body must be exactly
 * {@link RestoreTest#BODY} and the parameters valid ({@link #problem}, checked before anything runs, beside the order's
 * signature and the local policy); the job is looked up in the device's own settings (the server names it, never its
 * repository or password); {@link RestoreRun} does the test. Standard output gets exactly one
 * {@link RestoreTest.Result#line()}, standard error one line per sampled file and any problem. Exit code 0 when every
 * sampled file was restored and verified, 1 when some were not, 3 when the test could not run. A fresh backup report
 * follows each test.
 */
public final class RestoreTester {
    private static final Logger LOG = Logger.getLogger(RestoreTester.class.getName());
    private final BackupReader reader;
    private final Runnable afterTest;
    private final RandomGenerator random;

    /** @param afterTest called after each test (the agent posts a backup report) */
    public RestoreTester(BackupReader reader, Runnable afterTest, RandomGenerator random) {
        this.reader = reader;
        this.afterTest = afterTest;
        this.random = random;
    }

    /** Why a restore-test order cannot run; null when it can. */
    public static String problem(String script, Map<String, String> environment) {
        if (!RestoreTest.BODY.equals(script)) {
            return "the restore-test interpreter runs only its fixed body, and this order's body is another";
        }
        try {
            RestoreTest.validate(environment);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    public ScriptRunner.Result run(OrderVerifier.Accepted accepted, ScriptRunner.Handle handle) {
        long started = System.nanoTime();
        OutputTail out = new OutputTail(accepted.order().outputLimitBytes(), 0);
        OutputTail err = new OutputTail(accepted.order().outputLimitBytes(), 0);
        Map<String, String> env = accepted.environment();
        String problem = problem(accepted.script(), env);
        if (problem != null) {
            print(err, problem);
            return result("FAILED", problem, 2, started, out, err);
        }
        String name = env.get(RestoreTest.JOB);
        Optional<LocalJob> job = reader.settings().job(name);
        if (job.isEmpty()) {
            String why = "no local backup job named " + name + " (backup.properties)";
            print(out, new RestoreTest.Result(name, 0, 0, 0, 0, 0, 0).line());
            print(err, why);
            return result("FAILED", why, 3, started, out, err);
        }
        if (handle.cancelled()) {
            return result("CANCELLED", "cancelled before the restore", null, started, out, err);
        }
        RestoreRun.Outcome outcome;
        synchronized (reader) {
            outcome = new RestoreRun(random).run(job.get(), reader.tool(job.get()), Integer.parseInt(env.get(RestoreTest.SAMPLE)),
                    reader.settings().scratchDir(), Duration.ofSeconds(Math.max(60, accepted.order().timeoutSeconds() - 30)), line -> print(err, line));
        }
        RestoreTest.Result r = outcome.result();
        print(out, r.line());
        if (outcome.problem() != null) {
            print(err, outcome.problem());
        }
        LOG.info(() -> "restore test of " + name + ": " + r.verified() + " of " + r.files() + " files verified in " + r.millis() + " ms");
        try {
            afterTest.run();
        } catch (RuntimeException e) {
            LOG.warning(() -> "backup report after the restore test failed: " + e.getMessage());
        }
        if (r.passed()) {
            return result("SUCCEEDED", null, 0, started, out, err);
        }
        String reason = outcome.problem() != null ? outcome.problem() : r.failed() + " of " + r.files() + " sampled files not verified";
        return result("FAILED", reason, outcome.problem() != null ? 3 : 1, started, out, err);
    }

    private static void print(OutputTail tail, String text) {
        byte[] b = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
    }

    private static ScriptRunner.Result result(String state, String reason, Integer exit, long started, OutputTail out, OutputTail err) {
        return new ScriptRunner.Result(state, reason, exit, (System.nanoTime() - started) / 1_000_000, out.tail(List.of()), err.tail(List.of()),
                out.bytes(), err.bytes(), out.sha256(), err.sha256());
    }
}
