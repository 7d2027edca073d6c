package io.steward.server.alerting;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hysteresis, one alert per instance, and an incident a person worked on is not closed by the machine. */
class AlertingTest extends IntegrationTest {

    @Test
    void theConditionHasHysteresis() {
        AlertCondition above = new AlertCondition(true, 90, 85);
        assertThat(above.breaches(91)).isTrue();
        assertThat(above.breaches(90)).isFalse();
        assertThat(above.recovers(87)).isFalse();
        assertThat(above.recovers(84)).isTrue();
        AlertCondition below = new AlertCondition(false, 10, 15);
        assertThat(below.breaches(5)).isTrue();
        assertThat(below.recovers(12)).isFalse();
        assertThat(below.recovers(16)).isTrue();
        assertThatThrownBy(() -> new AlertCondition(true, 90, 95)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatsUpdateTheOpenAlertAndAWorkedIncidentIsLeftToAPerson() {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Harbour").body(), "id");
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Bad\",\"metric\":\"queue.depth\",\"comparison\":\"ABOVE\","
                + "\"threshold\":10,\"recoveryThreshold\":20,\"severity\":\"WARNING\"}").statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.TIER1).json("POST", "/api/v1/alert-policies", "{\"name\":\"Tech\",\"metric\":\"queue.depth\","
                + "\"comparison\":\"ABOVE\",\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"WARNING\"}").statusCode()).isEqualTo(403);
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Queue depth\",\"metric\":\"queue.depth\",\"comparison\":\"ABOVE\","
                + "\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}").statusCode()).isEqualTo(201);
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        agent.enroll(token, "print-server");

        send(agent, 25);
        send(agent, 30);
        String alerts = adminApi().getJson("/api/v1/alerts?state=OPEN").body();
        String alert = java.util.Arrays.stream(alerts.split("\\},\\{")).filter(a -> a.contains("print-server")).findFirst().orElseThrow();
        assertThat(alert).contains("\"lastValue\":30.0");
        assertThat(alerts.split("print-server", -1).length - 1).as("one open alert for repeats").isEqualTo(1);
        String ticketId = match(alert, "\"ticketId\":\"([0-9a-f-]{36})\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"source\":\"ALERT\"", "\"priority\":\"P2\"");

        adminApi().json("POST", "/api/v1/tickets/" + ticketId + "/replies", "{\"body\":\"Restarting the spooler\"}");
        send(agent, 7);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).doesNotContain("\"status\":\"RESOLVED\"");
        send(agent, 2);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).doesNotContain("\"status\":\"RESOLVED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId + "/history").body()).contains("left for them to resolve");
        assertThat(signedIn(DemoLogins.TIER1).page("/alerts?state=ALL")).contains("print-server", "Queue depth");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aSilentDeviceRaisesAnOfflineIncidentThatItsNextHeartbeatResolves() throws Exception {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        agent.enroll(token, "reception-pc");
        assertThat(agent.heartbeat().statusCode()).isEqualTo(200);
        assertThat(adminApi().json("PUT", "/api/v1/devices/" + agent.deviceId + "/criticality", "{\"criticality\":\"HIGH\"}").statusCode())
                .isEqualTo(200);
        assertThat(adminApi().json("PUT", "/api/v1/devices/" + agent.deviceId + "/criticality", "{\"criticality\":\"EXTREME\"}").statusCode())
                .isEqualTo(400);
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql("UPDATE device SET last_seen_at = now() - interval '10 minutes' WHERE id = ?")
                .param(java.util.UUID.fromString(agent.deviceId)).update());

        String alert = null;
        for (int i = 0; i < 40 && alert == null; i++) {
            Thread.sleep(500);
            alert = java.util.Arrays.stream(adminApi().getJson("/api/v1/alerts?state=OPEN").body().split("\\},\\{"))
                    .filter(a -> a.contains("reception-pc") && a.contains("Device offline")).findFirst().orElse(null);
        }
        assertThat(alert).as("offline alert raised by the scheduler").isNotNull();
        String ticketId = match(alert, "\"ticketId\":\"([0-9a-f-]{36})\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("Device offline on reception-pc", "\"priority\":\"P1\"");

        assertThat(agent.heartbeat().statusCode()).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");
    }

    @Test
    void problemsThatStartInAMaintenanceWindowPageNobody() {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        agent.enroll(token, "fw-maint-01");
        assertThat(adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"startsAt\":\"2026-12-01T00:00:00Z\",\"endsAt\":\"2026-11-30T00:00:00Z\",\"reason\":\"backwards\"}").statusCode()).isEqualTo(400);
        Instant now = Instant.now();
        // Only this device is in maintenance, so other tests' Alpine devices still page.
        HttpResponse<String> window = adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"deviceId\":\"" + agent.deviceId + "\",\"startsAt\":\"" + now.minusSeconds(60) + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                        + "\",\"reason\":\"Firewall swap\"}");
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Backlog\",\"metric\":\"backlog.size\",\"comparison\":\"ABOVE\","
                + "\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"CRITICAL\",\"clientId\":\"" + clientId + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> r = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":\"backlog.size\","
                + "\"instance\":\"\",\"value\":50,\"unit\":\"count\",\"at\":" + System.currentTimeMillis() + "}]}", Instant.now());
        assertThat(r.statusCode()).isEqualTo(200);
        String alert = java.util.Arrays.stream(adminApi().getJson("/api/v1/alerts?state=OPEN").body().split("\\},\\{"))
                .filter(a -> a.contains("fw-maint-01")).findFirst().orElseThrow();
        assertThat(alert).contains("\"suppressedBy\":\"").doesNotContain("\"ticketId\":\"");
        assertThat(adminApi().getJson("/api/v1/tickets?q=fw-maint-01&status=all").body()).contains("\"total\":0");
        assertThat(signedIn(DemoLogins.TIER1).page("/alerts")).contains("Firewall swap", "maintenance");
    }

    private static void send(TestAgent agent, double value) {
        HttpResponse<String> r = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":\"queue.depth\","
                + "\"instance\":\"\",\"value\":" + value + ",\"unit\":\"count\",\"at\":" + System.currentTimeMillis() + "}]}", Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
