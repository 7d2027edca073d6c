package io.steward.bench.agents;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator and the probe against the real server on loopback, over HTTPS with the pinned
 * certificate as the real agent speaks: batches are acknowledged without a single error or refused
 * sample, and each breaching probe sample becomes an incident that is resolved again on recovery.
 */
class SimulatorAgainstServerTest {
    private static StewardProcess server;
    private static Map<String, Object> token;

    @BeforeAll
    static void start() throws Exception {
        server = StewardProcess.start();
        token = server.enrollmentToken(50);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static URI https() {
        return URI.create("https://localhost:" + ((Double) token.get("httpsPort")).intValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void fiveAgentsHaveEveryBatchAcknowledged() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentSimulator.Settings s = new AgentSimulator.Settings(https(), (String) token.get("token"), (String) token.get("serverFingerprint"),
                false, 5, 100, 1, 5, 0, 0.01, 8, 4, 1);
        AgentSimulator.Result r = new AgentSimulator(s, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertThat(r.enrolled()).isEqualTo(5);
        assertThat(r.errorsByStatus()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(r.errors()).isZero();
        // 5 devices, one batch a second for 5 s: at most about 25 batches (fewer when the shared machine is slow, never a
        // burst to catch up), every one acknowledged with all 100 samples.
        assertThat(r.batchesAcknowledged()).isBetween(1L, 30L).isEqualTo(r.batchesSent());
        assertThat(r.samplesAcknowledged()).isEqualTo(r.batchesAcknowledged() * 100);
        // And a heartbeat a second from each, from the same sequence counters: none refused as a replay.
        assertThat(r.heartbeatsAcknowledged()).isBetween(1L, 30L);
        assertThat(r.samplesPerSecond()).isGreaterThan(0);
        assertThat(r.latencies().count()).isEqualTo((int) r.batchesAcknowledged());

        List<Object> devices = (List<Object>) MiniJson.parse(server.api("GET", "/api/v1/devices?status=APPROVED", null).body());
        assertThat(devices.stream().map(d -> (Map<String, Object>) d)
                .filter(d -> "steward-bench".equals(d.get("agentVersion")) && ((String) d.get("hostname")).startsWith("sim-"))
                .filter(d -> d.get("lastSeenAt") != null))
                .as("the simulated devices, approved and heard from").hasSize(5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachBreachingProbeSampleOpensAnIncidentThatRecoveryResolves() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AlertLatencyProbe.Settings s = new AlertLatencyProbe.Settings(https(), URI.create(server.url()), (String) token.get("token"),
                server.apiToken(), (String) token.get("serverFingerprint"), false, 3, 95, 50, 20, 0, 30);
        AlertLatencyProbe.Result r = new AlertLatencyProbe(s, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertThat(r.errors()).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(r.latencies().count()).isEqualTo(3);
        assertThat(r.latencies().percentileMs(99)).isPositive();

        // Three alerts on three file systems, three distinct incidents, all resolved once the healthy values arrived.
        List<Map<String, Object>> probeAlerts = List.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Object> all = (List<Object>) MiniJson.parse(server.api("GET", "/api/v1/alerts?state=RESOLVED", null).body());
            probeAlerts = all.stream().map(o -> (Map<String, Object>) o).filter(a -> r.deviceId().equals(a.get("deviceId"))).toList();
            if (probeAlerts.size() == 3) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(probeAlerts).hasSize(3);
        assertThat(probeAlerts.stream().map(a -> a.get("ticketId")).distinct()).hasSize(3).doesNotContainNull();
        for (Map<String, Object> a : probeAlerts) {
            Map<String, Object> ticket = MiniJson.object(server.api("GET", "/api/v1/tickets/" + a.get("ticketId"), null).body());
            assertThat(ticket.get("status")).as("incident of %s", a.get("instance")).isEqualTo("RESOLVED");
        }
    }
}
