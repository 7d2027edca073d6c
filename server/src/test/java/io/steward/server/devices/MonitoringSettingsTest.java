package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Monitoring settings per client: API with versions and field errors, the page, and delivery in the signed heartbeat answer. */
class MonitoringSettingsTest extends IntegrationTest {

    private String clientId(String name) {
        return jsonString(adminApi().getJson("/api/v1/clients?q=" + name).body(), "id");
    }

    private String token(String clientId, boolean autoApprove) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"monitoring\",\"expiresInHours\":2,\"maxUses\":5,\"autoApprove\":" + autoApprove + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "token");
    }

    @Test
    void settingsAreVersionedValidatedAndReachTheClientsApprovedAgentsInTheHeartbeat() {
        String client = clientId("Harbour");
        String path = "/api/v1/clients/" + client + "/monitoring";
        Http api = adminApi();
        HttpResponse<String> initial = api.getJson(path);
        assertThat(initial.statusCode()).isEqualTo(200);
        String etag = initial.headers().firstValue("ETag").orElseThrow();
        assertThat(initial.body()).contains("\"metricsSeconds\":60", "\"pingHosts\":[]");

        String good = "{\"metricsSeconds\":30,\"heartbeatSeconds\":15,\"pingHosts\":[\"Gateway.Harbour.example\",\"10.0.0.1\"],"
                + "\"httpChecks\":[{\"url\":\"https://intranet.harbour.example/health\"},{\"url\":\"http://10.0.0.5:8080/ping\",\"expectedStatus\":204}],"
                + "\"services\":[\"nginx.service\",\"postgresql\"]}";
        assertThat(api.json("PUT", path, good).statusCode()).isEqualTo(428);

        HttpResponse<String> bad = api.json("PUT", path, "{\"metricsSeconds\":1,\"heartbeatSeconds\":99999,\"pingHosts\":[\"a host; reboot\"],"
                + "\"httpChecks\":[{\"url\":\"ftp://files.example/\"}],\"services\":[\"--root=/\"]}", Map.of("If-Match", etag));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(bad.body()).contains("\"field\":\"metricsSeconds\"", "\"field\":\"heartbeatSeconds\"", "\"field\":\"pingHosts\"",
                "\"field\":\"httpChecks\"", "\"field\":\"services\"", "http:// or https://");
        assertThat(api.getJson(path).body()).contains("\"version\":0");

        HttpResponse<String> saved = api.json("PUT", path, good, Map.of("If-Match", etag));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(saved.body()).contains("gateway.harbour.example", "\"expectedStatus\":200", "\"expectedStatus\":204", "\"version\":1");
        HttpResponse<String> stale = api.json("PUT", path, good, Map.of("If-Match", etag));
        assertThat(stale.statusCode()).isEqualTo(412);

        // An approved device of the client gets the settings with its signed heartbeat answer.
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token(client, true), "harbour-srv-01").statusCode()).isEqualTo(201);
        HttpResponse<String> hb = agent.heartbeat();
        assertThat(hb.statusCode()).as(hb.body()).isEqualTo(200);
        assertThat(hb.body()).contains("\"heartbeatSeconds\":15", "\"monitoring\":{\"metricsSeconds\":30,\"heartbeatSeconds\":15",
                "\"pingHosts\":[\"gateway.harbour.example\",\"10.0.0.1\"]", "{\"url\":\"https://intranet.harbour.example/health\",\"expectedStatus\":200}",
                "{\"url\":\"http://10.0.0.5:8080/ping\",\"expectedStatus\":204}", "\"services\":[\"nginx.service\",\"postgresql\"]");

        // A later change (an update, not the first insert) reaches the agent with its next heartbeat.
        HttpResponse<String> changed = api.json("PUT", path, "{\"metricsSeconds\":300,\"services\":[\"sshd\"]}", Map.of("If-Match", "\"1\""));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(agent.heartbeat().body()).contains("\"monitoring\":{\"metricsSeconds\":300,\"heartbeatSeconds\":30,\"pingHosts\":[],\"httpChecks\":[],"
                + "\"services\":[\"sshd\"]}").doesNotContain("nginx");
        assertThat(api.json("PUT", path, good, Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(412);

        // A device still waiting for approval learns nothing about what the client watches.
        TestAgent pending = new TestAgent("http://localhost:" + port);
        pending.enroll(token(client, false), "harbour-unknown");
        HttpResponse<String> pendingHb = pending.heartbeat();
        assertThat(pendingHb.body()).contains("\"status\":\"PENDING\"").doesNotContain("harbour.example", "nginx");

        // Another client's devices get that client's settings (the defaults), not these.
        TestAgent elsewhere = new TestAgent("http://localhost:" + port);
        elsewhere.enroll(token(clientId("Alpine"), true), "alp-monitoring-01");
        assertThat(elsewhere.heartbeat().body()).contains("\"monitoring\":{").doesNotContain("harbour.example");
    }

    @Test
    void thePageKeepsWhatWasTypedWhenRefusedAndSavesOtherwise() {
        String client = clientId("Northwind");
        Http tech = signedIn(DemoLogins.TIER1);
        String page = tech.page("/clients/" + client + "/monitoring");
        assertThat(page).contains("monitoring-form");
        String version = io.steward.server.support.Text.match(page, "name=\"version\" value=\"(\\d+)\"");
        HttpResponse<String> refused = tech.postForm("/clients/" + client + "/monitoring", Map.of("version", version, "metricsSeconds", "60",
                "pingHosts", "router.northwind.example\nnot a host", "httpChecks", "gopher://old.example/", "services", "sshd"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("router.northwind.example", "not a host", "gopher://old.example/", "pingHosts-error", "httpChecks-error");

        HttpResponse<String> ok = tech.postForm("/clients/" + client + "/monitoring", Map.of("version", version, "metricsSeconds", "120",
                "heartbeatSeconds", "", "pingHosts", "router.northwind.example\n\n192.168.1.1", "httpChecks", "https://erp.northwind.example/health 204",
                "services", "sshd\ncron.service"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
        String stored = adminApi().getJson("/api/v1/clients/" + client + "/monitoring").body();
        assertThat(stored).contains("\"metricsSeconds\":120", "\"router.northwind.example\",\"192.168.1.1\"",
                "{\"url\":\"https://erp.northwind.example/health\",\"expectedStatus\":204}", "\"sshd\",\"cron.service\"");
        assertThat(tech.page("/clients/" + client + "/monitoring")).contains("https://erp.northwind.example/health 204");
        assertThat(tech.page("/clients/" + client)).contains("client-monitoring");
    }

    @Test
    void clientUsersCannotSeeOrChangeIt() {
        String client = clientId("Northwind");
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.getJson("/api/v1/clients/" + client + "/monitoring").statusCode()).isEqualTo(404);
        assertThat(portal.json("PUT", "/api/v1/clients/" + client + "/monitoring", "{\"metricsSeconds\":10}", Map.of("If-Match", "\"0\""))
                .statusCode()).isIn(403, 404);
        assertThat(portal.get("/clients/" + client + "/monitoring").statusCode()).isIn(302, 403, 404);
    }
}
