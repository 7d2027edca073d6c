package io.steward.bench.agents;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.steward.protocol.stream.StreamFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream mode against the real server on loopback, over wss with the pinned certificate as real agents will speak
 * it: every simulated agent authenticates once on its own connection, every batch is acknowledged without an error,
 * and what was acknowledged is exactly what the server's series hold (stored once, nothing lost).
 */
class StreamSimulatorAgainstServerTest {
    private static StewardProcess server;
    private static Map<String, Object> token;

    @BeforeAll
    static void start() throws Exception {
        server = StewardProcess.start();
        token = server.enrollmentToken(20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void fiveAgentsOnTheirOwnStreamsHaveEveryAcknowledgedSampleStoredOnce() throws Exception {
        URI https = URI.create("https://localhost:" + ((Double) token.get("httpsPort")).intValue());
        // 5 devices × 20 series, a sample every 0.5 s, 2 rounds a batch: 200 samples/s; with v1 heartbeats beside.
        StreamLoad load = new StreamLoad(5, 20, 0.5, 2, 4);
        StreamSimulator.Settings s = new StreamSimulator.Settings(https, (String) token.get("token"), (String) token.get("serverFingerprint"),
                false, load, StreamDevice.Values.UNIFORM, 0.01, 5, 1, 0.5, 4, 4, StreamHeartbeats.Mode.STREAM, 4, 2, 20, 0, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StreamSimulator.Result r = new StreamSimulator(s, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        String output = log.toString(StandardCharsets.UTF_8);
        assertThat(r.connected()).as(output).isEqualTo(5);
        assertThat(r.connectionFailures()).as(output).isEmpty();
        assertThat(r.errors()).as(output).isEmpty();
        assertThat(r.unansweredAtEnd()).isZero();
        assertThat(r.samplesAcked()).isPositive().isEqualTo(r.batchesAcked() * 40);
        assertThat(r.heartbeatsAcked()).as("the first device's heartbeat is due at the start").isPositive();

        List<Map<String, Object>> devices = ((List<Object>) MiniJson.parse(server.api("GET", "/api/v1/devices?status=APPROVED", null).body()))
                .stream().map(d -> (Map<String, Object>) d).filter(d -> ((String) d.get("hostname")).startsWith("sim-")).toList();
        assertThat(devices).hasSize(5);
        long stored = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            stored = 0;
            for (Map<String, Object> d : devices) {
                for (StreamFrame.SeriesDef def : StreamDevice.declarations(StreamDevice.Values.UNIFORM, 20)) {
                    String path = "/api/v1/devices/" + d.get("id") + "/metrics/series?metric=" + def.metric() + "&instance="
                            + URLEncoder.encode(def.instance(), StandardCharsets.UTF_8);
                    Map<String, Object> series = MiniJson.object(server.api("GET", path, null).body());
                    for (Object p : (List<Object>) series.get("points")) {
                        stored += ((Double) ((Map<String, Object>) p).get("count")).longValue();
                    }
                }
            }
            if (stored == r.samplesAckedAll()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(stored).as("samples in the series against samples acknowledged").isEqualTo(r.samplesAckedAll());
    }
}
