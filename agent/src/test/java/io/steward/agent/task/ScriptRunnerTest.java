package io.steward.agent.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner with real bash: arguments as words, a clean environment, masked secrets, and a timeout that kills the whole group. */
class ScriptRunnerTest {
    @TempDir
    Path work;

    OrderVerifier.Accepted accepted(String script, int timeout, List<String> args, Map<String, String> env, Map<String, String> secrets) {
        DeviceOrder o = new DeviceOrder(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "ab".repeat(32),
                CanonicalText.sha256Hex(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "bash", "", timeout, 4096, args, List.of(), List.of(),
                "00".repeat(16), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), null);
        return new OrderVerifier.Accepted(o, script, env, secrets);
    }

    @Test
    void argumentsAreWordsTheEnvironmentIsCleanAndSecretsAreMasked() {
        String script = "printf '%s|' \"$@\"; echo; echo \"mode=$MODE token=$TOKEN home=${SSH_AUTH_SOCK:-none} path=$PATH\"; pwd; exit 3\n";
        ScriptRunner.Result r = new ScriptRunner(work, System.getProperty("user.name")).run(
                accepted(script, 30, List.of("a b", "$(touch /tmp/pwned)", ";"), Map.of("MODE", "fast"), Map.of("TOKEN", "tok-123456")),
                new ScriptRunner.Handle());
        assertThat(r.state()).isEqualTo("FAILED");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutTail()).contains("a b|$(touch /tmp/pwned)|;|", "mode=fast token=*** home=none path=" + ScriptRunner.SAFE_PATH)
                .doesNotContain("tok-123456");
        // It ran in a private directory under the work root, which is gone afterwards.
        assertThat(r.stdoutTail()).contains(work.toString() + "/steward-task-");
        assertThat(work.toFile().list()).isEmpty();
    }

    @Test
    void aTimeoutKillsTheScriptAndItsChildren() throws Exception {
        Path pidFile = work.resolve("child.pid");
        String script = "sleep 300 & echo $! > " + pidFile + "; wait\n";
        long t0 = System.nanoTime();
        ScriptRunner.Result r = new ScriptRunner(work.resolve("runs"), System.getProperty("user.name")).run(accepted(script, 2, List.of(), Map.of(), Map.of()),
                new ScriptRunner.Handle());
        assertThat(r.state()).isEqualTo("TIMED_OUT");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(stillRunning(child)).as("child " + child + " still alive").isFalse();
    }

    /** Whether the process still runs: gone, or a zombie waiting for its (re)parent to reap it, both count as killed. Waits up to 10 s. */
    static boolean stillRunning(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
            if (!running || System.nanoTime() > deadline) {
                return running;
            }
            Thread.sleep(100);
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
