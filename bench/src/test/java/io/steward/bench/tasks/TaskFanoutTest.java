package io.steward.bench.tasks;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task fan-out command end to end on a few agents: the packaged server and signer (built by the reactor before
 * bench), two people with passkeys, a task requested and approved through the API, every simulated agent gets its
 * verified order and has RUNNING stored, without an error.
 */
class TaskFanoutTest {
    private static final Path SERVER = Path.of("..", "server", "target", "steward-server.jar");
    private static final Path SIGNER = Path.of("..", "signer", "target", "steward-signer.jar");

    @Test
    void everyAgentGetsItsOrderAndReportsRunning() throws Exception {
        assertThat(SERVER).as("build the reactor first").exists();
        assertThat(SIGNER).as("build the reactor first").exists();
        Files.createDirectories(Path.of("target"));
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "task-fanout-");
        TaskFanoutCommand command = new TaskFanoutCommand();
        int exit = new CommandLine(command).execute("--server-jar", SERVER.toString(), "--signer-jar", SIGNER.toString(), "--home", home.toString(),
                "--agents", "5", "--runs", "1");

        assertThat(exit).isZero();
        assertThat(command.results).hasSize(1);
        double[] r = command.results.getFirst();
        assertThat(r[11]).as("agents that never got the order").isZero();
        assertThat(r[10]).as("errors").isZero();
        // Every agent saw its order within the run's two minutes, and the server stored RUNNING (not NaN: none missing).
        assertThat(r[3]).isBetween(-60_000.0, 120_000.0);
        assertThat(r[6]).isBetween(-60_000.0, 120_000.0);
        assertThat(r[0]).isLessThanOrEqualTo(r[1]).isLessThanOrEqualTo(r[2]).isLessThanOrEqualTo(r[3]);
    }
}
