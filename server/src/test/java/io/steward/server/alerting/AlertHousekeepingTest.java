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
}
