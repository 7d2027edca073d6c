package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;
import io.steward.server.alerting.AlertHistory;
import io.steward.server.alerting.AlertService;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import io.steward.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats on the agent stream (protocol v2) against the real server: a heartbeat frame marks the device alive (no
 * signed request, no stored sequence number), clears its offline alert and incident, and is answered with a digest of
 * the device's plan that changes when the client's settings do; and what may not send one (a connection not signed in,
 * a device retired while connected) is cut off with nothing recorded.
 */
class StreamHeartbeatTest extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AlertService alerts;

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aHeartbeatOnTheStreamMarksTheDeviceAliveClearsItsOfflineIncidentAndNamesItsPlan() {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream heartbeats");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "hb-" + UUID.randomUUID().toString().substring(0, 8));
        backdate(agent);
        TenantContext.callAsSystem(() -> alerts.sweepOffline(Duration.ofMinutes(5)));
        Optional<Map<String, Object>> offline = offlineAlert(agent);
        assertThat(offline).as("the silent device's offline alert").isPresent();
        assertThat(offline.get().get("state")).isEqualTo("OPEN");
        String ticket = String.valueOf(offline.get().get("ticket_id"));
        long v1Before = heartbeatMessages(agent);

        TestStream s = TestStream.signedIn(base(), agent);
        Instant sent = Instant.now();
        s.send(new StreamFrame.Alive(0));
        StreamFrame.Status status = (StreamFrame.Status) s.next();
        assertThat(Math.abs(status.serverTime() - System.currentTimeMillis())).isLessThan(60_000);

        Instant seen = eventually(() -> lastSeen(agent).isAfter(sent.minusSeconds(2)) ? lastSeen(agent) : null);
        assertThat(seen).isBefore(Instant.now().plusSeconds(2));
        assertThat(eventually(() -> "RESOLVED".equals(offlineAlert(agent).orElseThrow().get("state")) ? true : null)).isTrue();
        assertThat(eventually(() -> api.getJson("/api/v1/tickets/" + ticket).body().contains("\"status\":\"RESOLVED\"") ? true : null)).isTrue();
        // Nothing of v1's: no signed request, no stored sequence number.
        assertThat(heartbeatMessages(agent)).isEqualTo(v1Before);

        // The same plan, the same digest; another plan (the client's settings changed), another digest, and v1 tells it.
        s.send(new StreamFrame.Alive(0));
        assertThat(((StreamFrame.Status) s.next()).plan()).isEqualTo(status.plan());
        String monitoring = "/api/v1/clients/" + client + "/monitoring";
        String etag = api.getJson(monitoring).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> changed = api.json("PUT", monitoring, "{\"metricsSeconds\":120}", Map.of("If-Match", etag));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        s.send(new StreamFrame.Alive(3));
        long after = ((StreamFrame.Status) s.next()).plan();
        assertThat(after).isNotEqualTo(status.plan());
        HttpResponse<String> fetched = agent.heartbeat();
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).contains("\"metricsSeconds\":120");
        s.send(new StreamFrame.Alive(0));
        assertThat(((StreamFrame.Status) s.next()).plan()).isEqualTo(after);
        s.close();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void heartbeatsTakeASignedInConnectionOfAnApprovedDevice() throws InterruptedException {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream heartbeat standing");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "hb-r-" + UUID.randomUUID().toString().substring(0, 8));
        backdate(agent);
        Instant old = lastSeen(agent);

        // Before the hello: not anybody's heartbeat.
        TestStream s = TestStream.open(base());
        s.next();
        s.send(new StreamFrame.Alive(0));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);

        // Retired while connected: its next heartbeat ends the connection, and is not recorded.
        s = TestStream.signedIn(base(), agent);
        HttpResponse<String> retired = api.json("POST", "/api/v1/devices/" + agent.deviceId + "/retire", "{}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        s.send(new StreamFrame.Alive(0));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_FORBIDDEN);
        // Two liveness flushes later, the device still has the contact it had.
        Thread.sleep(2_500);
        assertThat(lastSeen(agent)).isEqualTo(old);
        OwnSeed.deleteClients(api, client);
    }

    private void backdate(TestAgent agent) {
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE device SET last_seen_at = now() - interval '30 minutes' WHERE id = ?")
                .param(UUID.fromString(agent.deviceId)).update());
    }

    private Instant lastSeen(TestAgent agent) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT last_seen_at FROM device WHERE id = ?").param(UUID.fromString(agent.deviceId))
                .query(java.sql.Timestamp.class).single().toInstant());
    }

    private Optional<Map<String, Object>> offlineAlert(TestAgent agent) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT state, ticket_id FROM alert WHERE device_id = ? AND policy_id = ? ORDER BY opened_at DESC LIMIT 1")
                .params(UUID.fromString(agent.deviceId), AlertHistory.OFFLINE_POLICY).query().listOfRows().stream().findFirst());
    }

    private long heartbeatMessages(TestAgent agent) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM agent_message WHERE device_id = ? AND kind = 'heartbeat'")
                .param(UUID.fromString(agent.deviceId)).query(Long.class).single());
    }

    /** The first non-null answer within ten seconds (the liveness writer flushes every second). */
    private static <T> T eventually(Supplier<T> check) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
