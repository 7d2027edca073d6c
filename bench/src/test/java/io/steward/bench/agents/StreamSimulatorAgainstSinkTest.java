package io.steward.bench.agents;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream mode's client side against the stand-in server on loopback (the real server's test is
 * StreamSimulatorAgainstServerTest): connections opened over the ramp, each welcomed once, batches pipelined and every
 * one answered by its sequence number; Busy answers resent until acknowledged, nothing lost and nothing counted twice.
 */
class StreamSimulatorAgainstSinkTest {

    private static StreamSimulator.Settings settings(int port, StreamLoad load) {
        return new StreamSimulator.Settings(URI.create("http://127.0.0.1:" + port), "token", null, false, load, StreamDevice.Values.UNIFORM,
                0.01, 4, 1, 0.5, 8, 4, StreamHeartbeats.Mode.NONE, 8, 2, 5, 0, null);
    }

    @Test
    void everyBatchIsAcknowledgedOnConnectionsOpenedOnce() throws Exception {
        try (StreamSink sink = new StreamSink(0)) {
            StreamLoad load = new StreamLoad(40, 20, 0.25, 2, 4);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StreamSimulator.Result r = new StreamSimulator(settings(sink.port(), load), new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            String output = log.toString(StandardCharsets.UTF_8);
            assertThat(r.enrolled()).isEqualTo(40);
            assertThat(r.connected()).as(output).isEqualTo(40);
            assertThat(r.welcomeLatency().count()).isEqualTo(40);
            assertThat(r.connectionFailures()).as(output).isEmpty();
            assertThat(r.errors()).as(output).isEmpty();
            assertThat(r.errorCount()).isZero();
            assertThat(r.unansweredAtEnd()).isZero();
            // 40 devices, a 40-sample batch every 0.5 s each: 3,200 samples/s offered, 3 s measured. A shared machine may
            // send late, never more.
            assertThat(r.samplesAcked()).isEqualTo(r.batchesAcked() * 40).isBetween(3_200L, 3_200L * 3 + 40 * 40);
            assertThat(r.batchesSent()).isBetween(r.batchesAcked() - 40, r.batchesAcked() + 40);
            assertThat(sink.samples()).isGreaterThanOrEqualTo(r.samplesAcked());
            assertThat(r.ackLatency().count()).isEqualTo((int) r.batchesAcked());
            assertThat(r.simulatorCpu()).isPositive();
        }
    }

    @Test
    void busyBatchesAreResentUntilAcknowledged() throws Exception {
        try (StreamSink sink = new StreamSink(0, 5)) {
            StreamLoad load = new StreamLoad(10, 10, 0.5, 1, 4);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StreamSimulator.Result r = new StreamSimulator(settings(sink.port(), load), new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            assertThat(r.busy()).isPositive();
            assertThat(r.resent()).isEqualTo(r.busy());
            assertThat(r.errors()).containsOnlyKeys("busy");
            assertThat(r.connectionFailures()).isEmpty();
            // Every batch busied once was resent after a second and acknowledged: the drain leaves none unanswered.
            assertThat(r.unansweredAtEnd()).isZero();
            assertThat(sink.duplicates()).as("batches delivered twice").isZero();
            assertThat(r.batchesAcked()).isPositive();
            assertThat(r.refused()).isZero();
        }
    }
}
