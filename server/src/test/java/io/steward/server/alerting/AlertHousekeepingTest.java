package io.steward.server.alerting;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Undoing alerting settings: cancelling a maintenance window, giving an excluded site back to a policy. */
class AlertHousekeepingTest extends IntegrationTest {

    private String clientId(String name) {
        return jsonString(adminApi().getJson("/api/v1/clients?q=" + name).body(), "id");
    }

    @Test
    void aMaintenanceWindowCanBeCancelledByApiAndPage() {
        String client = clientId("Alpine");
        String reason = "Firmware " + System.nanoTime();
        HttpResponse<String> planned = adminApi().json("POST", "/api/v1/clients/" + client + "/maintenance-windows",
                "{\"startsAt\":\"2031-03-01T20:00:00Z\",\"endsAt\":\"2031-03-01T23:00:00Z\",\"reason\":\"" + reason + "\"}");
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(201);
        String id = jsonString(planned.body(), "id");
        assertThat(signedIn(DemoLogins.PORTAL_ALPINE).json("DELETE", "/api/v1/maintenance-windows/" + id, null).statusCode()).isEqualTo(404);
        assertThat(adminApi().json("DELETE", "/api/v1/maintenance-windows/" + id, null).statusCode()).isEqualTo(204);
        assertThat(adminApi().getJson("/api/v1/clients/" + client + "/maintenance-windows").body()).doesNotContain(reason);
        assertThat(adminApi().json("DELETE", "/api/v1/maintenance-windows/" + id, null).statusCode()).isEqualTo(404);

        String second = jsonString(adminApi().json("POST", "/api/v1/clients/" + client + "/maintenance-windows",
                "{\"startsAt\":\"2031-04-01T20:00:00Z\",\"endsAt\":\"2031-04-01T23:00:00Z\",\"reason\":\"" + reason + " page\"}").body(), "id");
        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.page("/alerts")).contains(reason + " page", "/alerts/maintenance/" + second + "/cancel");
        assertThat(tech.postForm("/alerts/maintenance/" + second + "/cancel", Map.of()).statusCode()).isEqualTo(302);
        assertThat(tech.page("/alerts")).contains("Maintenance window cancelled.").doesNotContain(reason + " page");
    }

    @Test
    void anExcludedSiteIsGivenBackToItsPolicy() {
        String client = clientId("Alpine");
        String siteId = jsonString(adminApi().getJson("/api/v1/clients/" + client + "/sites").body(), "id");
        String policyId = jsonString(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Queue depth " + System.nanoTime()
                + "\",\"metric\":\"app.queue\",\"comparison\":\"ABOVE\",\"threshold\":100,\"recoveryThreshold\":50,\"severity\":\"WARNING\","
                + "\"clientId\":\"" + client + "\"}").body(), "id");
        String excluded = adminApi().json("POST", "/api/v1/alert-policies/" + policyId + "/exclusions", "{\"siteId\":\"" + siteId + "\"}").body();
        String exclusionId = match(excluded, "\"exclusions\":\\[\\{\"id\":\"([0-9a-f-]{36})\"");
        assertThat(signedIn(DemoLogins.TIER1).json("DELETE", "/api/v1/alert-policies/" + policyId + "/exclusions/" + exclusionId, null)
                .statusCode()).as("technicians do not change policies").isEqualTo(403);
        HttpResponse<String> back = adminApi().json("DELETE", "/api/v1/alert-policies/" + policyId + "/exclusions/" + exclusionId, null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(back.body()).contains("\"exclusions\":[]");
        assertThat(adminApi().json("DELETE", "/api/v1/alert-policies/" + policyId + "/exclusions/" + exclusionId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void changedThresholdsApplyToTheNextBatch() {
        String client = clientId("Northwind");
        String name = "Spool depth " + System.nanoTime();
        String policyId = jsonString(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"" + name + "\",\"metric\":\"app.spool_depth\","
                + "\"comparison\":\"ABOVE\",\"threshold\":100,\"recoveryThreshold\":50,\"severity\":\"WARNING\",\"clientId\":\"" + client + "\"}").body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"thresholds\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        io.steward.server.support.TestAgent agent = new io.steward.server.support.TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token, "spool-" + System.nanoTime()).statusCode()).isEqualTo(201);
        java.util.function.IntFunction<Integer> send = value -> agent.post(io.steward.protocol.AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq()
                + ",\"samples\":[{\"metric\":\"app.spool_depth\",\"instance\":\"\",\"value\":" + value + ",\"unit\":\"count\",\"at\":"
                + System.currentTimeMillis() + "}]}", java.time.Instant.now()).statusCode();
        assertThat(send.apply(80)).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/alerts").body()).doesNotContain(name);

        HttpResponse<String> wrongSide = adminApi().json("PUT", "/api/v1/alert-policies/" + policyId + "/thresholds",
                "{\"name\":\"" + name + "\",\"threshold\":70,\"recoveryThreshold\":90,\"severity\":\"CRITICAL\"}");
        assertThat(wrongSide.statusCode()).isEqualTo(400);
        assertThat(wrongSide.body()).contains("\"field\":\"recoveryThreshold\"");
        assertThat(signedIn(DemoLogins.TIER1).json("PUT", "/api/v1/alert-policies/" + policyId + "/thresholds",
                "{\"name\":\"x\",\"threshold\":70,\"recoveryThreshold\":40,\"severity\":\"CRITICAL\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> changed = adminApi().json("PUT", "/api/v1/alert-policies/" + policyId + "/thresholds",
                "{\"name\":\"" + name + "\",\"threshold\":70,\"recoveryThreshold\":40,\"severity\":\"CRITICAL\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"threshold\":70.0", "\"severity\":\"CRITICAL\"");

        assertThat(send.apply(80)).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/alerts").body()).contains(name, "\"state\":\"OPEN\"");
        assertThat(send.apply(30)).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/alerts").body()).contains("\"state\":\"RESOLVED\"");

        Http manager = signedIn(DemoLogins.MANAGER);
        assertThat(manager.page("/alerts")).contains("/alerts/policies/" + policyId + "/thresholds");
        assertThat(manager.postForm("/alerts/policies/" + policyId + "/thresholds", Map.of("name", name, "threshold", "x",
                "recoveryThreshold", "40", "severity", "WARNING")).statusCode()).isEqualTo(302);
        assertThat(manager.page("/alerts")).contains("Enter a number.");
        // Form input that only the table's checks would have caught is refused with a message, not a 500.
        assertThat(manager.postForm("/alerts/policies/" + policyId + "/thresholds", Map.of("name", "n".repeat(101), "threshold", "70",
                "recoveryThreshold", "40", "severity", "WARNING")).statusCode()).isEqualTo(302);
        assertThat(manager.page("/alerts")).contains("Give the policy a name");
        assertThat(manager.postForm("/alerts/policies", Map.of("name", "Long window", "metric", "app.x", "threshold", "1",
                "recoveryThreshold", "0", "windowSeconds", "100000")).statusCode()).isEqualTo(302);
        assertThat(manager.page("/alerts")).contains("0 to 86,400 seconds");
    }
}
