package io.steward.server.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Other monitors' alerts through the real hook: captured Alertmanager and Uptime Kuma payloads (test resources alerts-in/)
 * open an incident on the right device and resolve it; repeats open nothing new; the source's start time is kept; the
 * source, never the body, decides the client; bad secrets, bad bodies and big bodies are refused.
 */
class InboundAlertsTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @Test
    void alertmanagerOpensRepeatsResolvesAndRefiresOneIncidentOnTheDevice() {
        String client = OwnData.client(adminApi(), "Inbound AM");
        String host = "am-" + UUID.randomUUID().toString().substring(0, 8);
        OwnData.approvedDevice(adminApi(), port, client, host);
        JsonNode source = create(client, "ALERTMANAGER", "Prometheus");
        assertThat(source.path("alertmanagerReceiver").asString()).contains("http_config:", "type: Bearer", source.path("secret").asString(),
                source.path("hookUrl").asString());
        String hook = source.path("source").path("hookPath").asString();
        String secret = source.path("secret").asString();

        HttpResponse<String> fired = post(hook, secret, captured("alertmanager-firing.json", host));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
        assertThat(fired.body()).contains("\"opened\":1");
        JsonNode alert = only(external(client));
        assertThat(alert.path("state").asString()).isEqualTo("OPEN");
        assertThat(alert.path("hostname").asString()).isEqualTo(host);
        assertThat(alert.path("deviceId").isString()).isTrue();
        assertThat(alert.path("sourceName").asString()).isEqualTo("Prometheus");
        assertThat(alert.path("startsAt").asString()).as("the source's own start, for detection figures").isEqualTo("2025-11-03T08:14:07.512Z");
        String ticket = alert.path("ticketId").asString();
        JsonNode incident = ticket(ticket);
        assertThat(incident.path("clientId").asString()).isEqualTo(client);
        assertThat(incident.path("type").asString()).isEqualTo("INCIDENT");
        assertThat(incident.path("impact").asString()).as("critical").isEqualTo("HIGH");
        assertThat(incident.path("title").asString()).contains("Instance " + host + ":9100 down", host, "[Prometheus]");

        HttpResponse<String> again = post(hook, secret, captured("alertmanager-firing.json", host));
        assertThat(again.body()).contains("\"opened\":0", "\"repeated\":1");
        assertThat(external(client)).as("the same fingerprint twice is one alert").hasSize(1);
        assertThat(ticketsOf(client)).as("and one incident").isEqualTo(1);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body()).contains("Prometheus reports it still firing");

        HttpResponse<String> resolved = post(hook, secret, captured("alertmanager-resolved.json", host));
        assertThat(resolved.body()).contains("\"resolved\":1");
        alert = only(external(client));
        assertThat(alert.path("state").asString()).isEqualTo("RESOLVED");
        assertThat(alert.path("resolvedAt").asString()).as("the source's end").isEqualTo("2025-11-03T08:41:52.118Z");
        assertThat(ticket(ticket).path("status").asString()).isEqualTo("RESOLVED");

        // Firing again 20 minutes after it ended at the source: the same incident is reopened, as for Steward's own alerts.
        String refire = captured("alertmanager-firing.json", host).replace("2025-11-03T08:14:07.512Z", "2025-11-03T09:01:30Z");
        assertThat(post(hook, secret, refire).body()).contains("\"opened\":1");
        JsonNode all = external(client);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).path("state").asString()).isEqualTo("OPEN");
        assertThat(all.get(0).path("ticketId").asString()).isEqualTo(ticket);
        assertThat(ticket(ticket).path("status").asString()).isNotIn("RESOLVED", "CLOSED");
        assertThat(ticketsOf(client)).isEqualTo(1);

        JsonNode listed = JSON.readTree(adminApi().getJson("/api/v1/clients/" + client + "/alert-sources").body());
        assertThat(listed.get(0).path("lastReceivedAt").isString()).isTrue();
        assertThat(listed.get(0).path("lastError").isMissingNode() || listed.get(0).path("lastError").isNull()).isTrue();
    }

    @Test
    void uptimeKumaDownAndUpOpenAndResolveTheMonitoredDevicesIncident() {
        String client = OwnData.client(adminApi(), "Inbound Kuma");
        String host = "kuma-" + UUID.randomUUID().toString().substring(0, 8);
        OwnData.approvedDevice(adminApi(), port, client, host);
        JsonNode source = create(client, "UPTIME_KUMA", "Kuma");
        assertThat(source.path("uptimeKumaSettings").asString()).contains("Additional Headers", "Bearer " + source.path("secret").asString());
        String hook = source.path("source").path("hookPath").asString();
        String secret = source.path("secret").asString();

        assertThat(post(hook, secret, "{\"heartbeat\":null,\"monitor\":null,\"msg\":\"Uptime Kuma Testing...\"}").statusCode())
                .as("the Test button is accepted and opens nothing").isEqualTo(202);
        assertThat(external(client)).isEmpty();

        assertThat(post(hook, secret, captured("uptime-kuma-down.json", host)).body()).contains("\"opened\":1");
        JsonNode alert = only(external(client));
        assertThat(alert.path("hostname").asString()).as("https://" + host + ".corp.example/health is the device " + host).isEqualTo(host);
        assertThat(alert.path("startsAt").asString()).isEqualTo("2025-11-03T08:14:07.512Z");
        String ticket = alert.path("ticketId").asString();
        assertThat(ticket(ticket).path("title").asString()).contains("Intranet is down");

        assertThat(post(hook, secret, captured("uptime-kuma-up.json", host)).body()).contains("\"resolved\":1");
        assertThat(only(external(client)).path("resolvedAt").asString()).isEqualTo("2025-11-03T08:39:07.204Z");
        assertThat(ticket(ticket).path("status").asString()).isEqualTo("RESOLVED");
    }

    @Test
    void aGenericAlertForAnUnknownHostOpensAClientIncident() {
        String client = OwnData.client(adminApi(), "Inbound Generic");
        JsonNode source = create(client, "GENERIC", "Backup monitor");
        String body = captured("generic-firing.json", "nas-nobody-knows");
        HttpResponse<String> r = post(source.path("source").path("hookPath").asString(), source.path("secret").asString(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode alert = only(external(client));
        assertThat(alert.path("deviceId").isMissingNode() || alert.path("deviceId").isNull()).isTrue();
        assertThat(alert.path("host").asString()).isEqualTo("nas-nobody-knows");
        assertThat(alert.path("startsAt").asString()).isEqualTo("2025-11-02T22:05:00Z");
        JsonNode incident = ticket(alert.path("ticketId").asString());
        assertThat(incident.path("clientId").asString()).isEqualTo(client);
        assertThat(incident.path("impact").asString()).as("warning").isEqualTo("MEDIUM");
    }

    @Test
    void theSourceDecidesTheClientNeverTheBody() {
        String mine = OwnData.client(adminApi(), "Inbound Mine");
        String theirs = OwnData.client(adminApi(), "Inbound Theirs");
        String theirHost = "theirs-" + UUID.randomUUID().toString().substring(0, 8);
        OwnData.approvedDevice(adminApi(), port, theirs, theirHost);
        JsonNode source = create(mine, "ALERTMANAGER", "Forger");
        HttpResponse<String> forged = post(source.path("source").path("hookPath").asString(), source.path("secret").asString(),
                captured("alertmanager-firing.json", theirHost));
        assertThat(forged.statusCode()).isEqualTo(202);
        JsonNode alert = only(external(mine));
        assertThat(alert.path("deviceId").isMissingNode() || alert.path("deviceId").isNull()).as("another client's device never matches").isTrue();
        assertThat(ticket(alert.path("ticketId").asString()).path("clientId").asString()).isEqualTo(mine);
        assertThat(external(theirs)).isEmpty();
        assertThat(ticketsOf(theirs)).isZero();

        // Nor does the API show one client's source under another client.
        String sourceId = source.path("source").path("id").asString();
        assertThat(adminApi().getJson("/api/v1/clients/" + theirs + "/alert-sources/" + sourceId).statusCode()).isEqualTo(404);
        assertThat(adminApi().json("POST", "/api/v1/clients/" + theirs + "/alert-sources/" + sourceId + "/rotate-secret", "").statusCode())
                .isEqualTo(404);
        assertThat(adminApi().json("DELETE", "/api/v1/clients/" + theirs + "/alert-sources/" + sourceId, null).statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/clients/" + mine + "/alert-sources/" + sourceId).statusCode()).isEqualTo(200);
    }

    @Test
    void secretsAreCheckedAndRotatedAndASwitchedOffSourceIsRefused() {
        String client = OwnData.client(adminApi(), "Inbound Secrets");
        JsonNode source = create(client, "GENERIC", "Generic");
        String hook = source.path("source").path("hookPath").asString();
        String secret = source.path("secret").asString();
        String body = captured("generic-firing.json", "h1");

        HttpResponse<String> wrong = post(hook, secret + "x", body);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> none = send(hook, null, body);
        HttpResponse<String> unknown = post("/hooks/alerts/" + UUID.randomUUID(), secret, body);
        HttpResponse<String> garbage = post("/hooks/alerts/not-a-uuid", secret, body);
        assertThat(java.util.List.of(none, unknown, garbage)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).path("detail").asString()).as("nothing tells whether the source exists")
                    .isEqualTo(JSON.readTree(wrong.body()).path("detail").asString());
        });
        assertThat(send(hook, secret, null).statusCode()).as("GET").isEqualTo(405);
        HttpResponse<String> elsewhere = send("/hooks/other", null, body);
        assertThat(elsewhere.statusCode()).as("only the alert hooks skip the security chain (whose CSRF check refuses this)").isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(external(client)).isEmpty();

        JsonNode rotated = JSON.readTree(adminApi().json("POST", "/api/v1/clients/" + client + "/alert-sources/"
                + source.path("source").path("id").asString() + "/rotate-secret", "").body());
        String fresh = rotated.path("secret").asString();
        assertThat(fresh).startsWith("stwa_").isNotEqualTo(secret);
        assertThat(post(hook, secret, body).statusCode()).as("the old secret stops at once").isEqualTo(401);
        assertThat(post(hook, fresh, body).statusCode()).isEqualTo(202);

        HttpResponse<String> off = adminApi().json("PATCH", "/api/v1/clients/" + client + "/alert-sources/" + source.path("source").path("id").asString(),
                "{\"enabled\":false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(post(hook, fresh, body).statusCode()).isEqualTo(403);
        assertThat(adminApi().getJson("/api/v1/clients/" + client + "/alert-sources").body()).doesNotContain(fresh, secret);
    }

    @Test
    void malformedAndOversizedBodiesAreRefusedAndShownOnTheSource() {
        String client = OwnData.client(adminApi(), "Inbound Malformed");
        JsonNode source = create(client, "ALERTMANAGER", "AM");
        String hook = source.path("source").path("hookPath").asString();
        String secret = source.path("secret").asString();

        HttpResponse<String> notJson = post(hook, secret, "{\"version\":\"4\",");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(notJson.body()).path("errors").get(0).path("field").asString()).isEqualTo("body");

        String noStatus = captured("alertmanager-firing.json", "h").replace("\"status\": \"firing\",\n      \"labels\"", "\"labels\"");
        HttpResponse<String> missing = post(hook, secret, noStatus);
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("errors").get(0).path("field").asString()).isEqualTo("alerts[0].status");
        JsonNode listed = JSON.readTree(adminApi().getJson("/api/v1/clients/" + client + "/alert-sources").body());
        assertThat(listed.get(0).path("lastError").asString()).startsWith("alerts[0].status");

        String big = "{\"version\":\"4\",\"alerts\":[],\"padding\":\"" + "x".repeat(600_000) + "\"}";
        HttpResponse<String> tooBig = post(hook, secret, big);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(external(client)).isEmpty();
    }

    @Test
    void insideAMaintenanceWindowAnAlertIsRecordedButOpensNoIncident() {
        String client = OwnData.client(adminApi(), "Inbound Maintenance");
        String host = "mw-" + UUID.randomUUID().toString().substring(0, 8);
        OwnData.approvedDevice(adminApi(), port, client, host);
        java.time.Instant now = java.time.Instant.now();
        HttpResponse<String> window = adminApi().json("POST", "/api/v1/clients/" + client + "/maintenance-windows",
                "{\"startsAt\":\"" + now.minusSeconds(3600) + "\",\"endsAt\":\"" + now.plusSeconds(3600) + "\",\"reason\":\"Patching\"}");
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
        JsonNode source = create(client, "ALERTMANAGER", "Prometheus");
        String hook = source.path("source").path("hookPath").asString();
        String secret = source.path("secret").asString();

        assertThat(post(hook, secret, captured("alertmanager-firing.json", host)).statusCode()).isEqualTo(202);
        JsonNode alert = only(external(client));
        assertThat(alert.path("suppressedBy").asString()).isEqualTo(JSON.readTree(window.body()).path("id").asString());
        assertThat(alert.path("ticketId").isMissingNode() || alert.path("ticketId").isNull()).isTrue();
        assertThat(ticketsOf(client)).isZero();
        assertThat(admin().page("/devices/" + alert.path("deviceId").asString() + "/alerting"))
                .contains("From other monitors", "Instance " + host + ":9100 down", "maintenance");

        assertThat(post(hook, secret, captured("alertmanager-resolved.json", host)).body()).contains("\"resolved\":1");
        assertThat(ticketsOf(client)).isZero();
    }

    @Test
    void theClientsPageAddsASourceShowsItsSecretOnceAndListsWhatItSent() {
        String client = OwnData.client(adminApi(), "Inbound Pages");
        var admin = admin();
        assertThat(admin.page("/clients/" + client)).contains("/clients/" + client + "/alert-sources");
        admin.page("/clients/" + client + "/alert-sources");
        HttpResponse<String> created = admin.postForm("/clients/" + client + "/alert-sources", java.util.Map.of("kind", "ALERTMANAGER", "name", "Prom EU"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String secret = io.steward.server.support.Text.match(created.body(), "id=\"hook-secret\">(stwa_[A-Za-z0-9_-]+)<");
        String hook = io.steward.server.support.Text.match(created.body(), "id=\"hook-url\">http://[^/]+(/hooks/alerts/[0-9a-f-]{36})<");
        assertThat(created.body()).contains("webhook_configs:", "credentials: &#39;" + secret + "&#39;");

        String later = admin.page("/clients/" + client + "/alert-sources");
        assertThat(later).contains("Prom EU", hook).doesNotContain(secret);
        assertThat(post(hook, secret, captured("generic-firing.json", "x").replace("backup-x", "f")).statusCode())
                .as("an Alertmanager source reads Alertmanager's format").isEqualTo(400);
        assertThat(post(hook, secret, captured("alertmanager-firing.json", "pages-host")).statusCode()).isEqualTo(202);
        assertThat(admin.page("/clients/" + client + "/alert-sources")).contains("Instance pages-host:9100 down", "pages-host (no device)");
        assertThat(admin.page("/alerts")).contains("From other monitors", "Instance pages-host:9100 down", "Prom EU");
        String ticket = only(external(client)).path("ticketId").asString();
        assertThat(admin.page("/tickets/" + ticket)).contains("external-alert-panel", "Prom EU", "pages-host (no device)", "at the source");

        HttpResponse<String> asTechnician = signedIn(io.steward.server.support.DemoLogins.TIER1)
                .json("POST", "/api/v1/clients/" + client + "/alert-sources", "{\"kind\":\"GENERIC\",\"name\":\"nope\"}");
        assertThat(asTechnician.statusCode()).as("technicians see sources but do not make secrets").isEqualTo(403);
    }

    // ---- helpers

    private JsonNode create(String client, String kind, String name) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients/" + client + "/alert-sources",
                "{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private JsonNode external(String client) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/alerts/external?clientId=" + client);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode only(JsonNode list) {
        assertThat(list.size()).as(list.toString()).isEqualTo(1);
        return list.get(0);
    }

    private JsonNode ticket(String id) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/tickets/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private long ticketsOf(String client) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/tickets?clientId=" + client + "&status=all");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("total").asLong();
    }

    private HttpResponse<String> post(String path, String secret, String body) {
        return send(path, secret, body);
    }

    /** A bare request as a monitor sends it: no cookies, no CSRF token; a null body is a GET. */
    private HttpResponse<String> send(String path, String secret, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String captured(String name, String host) {
        try (InputStream in = InboundAlertsTest.class.getResourceAsStream("/alerts-in/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{HOST}}", host);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
