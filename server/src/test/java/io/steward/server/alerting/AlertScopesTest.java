package io.steward.server.alerting;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.AgentProtocol;
import io.steward.server.alerting.internal.DiskForecaster;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy scopes with inheritance and exclusions, window aggregation, flapping damping, re-fire
 * reusing the incident, offline and weekly-maintenance suppression, and the disk-fill forecast,
 * all through real agents' signed batches and the API.
 */
class AlertScopesTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AlertService alerts;
    @Autowired
    DiskForecaster forecaster;

    private String client(String q) {
        return jsonString(adminApi().getJson("/api/v1/clients?q=" + q).body(), "id");
    }

    private TestAgent agent(String clientId, String hostname) {
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        agent.enroll(token, hostname);
        return agent;
    }

    private static void send(TestAgent agent, String metric, String instance, double value, long atMillis) {
        HttpResponse<String> r = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":\"" + metric
                + "\",\"instance\":\"" + instance + "\",\"value\":" + value + ",\"unit\":\"pct\",\"at\":" + atMillis + "}]}", Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String policy(String json) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/alert-policies", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private List<String> alertsOf(TestAgent agent, String state) {
        String body = adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/alerts" + (state == null ? "" : "?state=" + state)).body();
        return body.equals("[]") ? List.of() : Arrays.asList(body.split("\\},\\{"));
    }

    @Test
    void policiesInheritFromTheDefaultDownToTheDeviceAndExclusionsTakeDevicesOut() {
        String clientId = client("Alpine");
        TestAgent db = agent(clientId, "scope-db-01");
        TestAgent web = agent(clientId, "scope-web-01");
        assertThat(adminApi().json("PUT", "/api/v1/devices/" + db.deviceId + "/tags", "{\"tags\":[\"scope-db\"]}").statusCode()).isEqualTo(200);
        HttpResponse<String> group = adminApi().json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Scope databases\",\"kind\":\"RULE\",\"tags\":[\"scope-db\"]}");
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String groupId = jsonString(group.body(), "id");
        assertThat(group.body()).contains(db.deviceId).doesNotContain(web.deviceId);

        String clientPolicy = policy("{\"name\":\"Scope load (client)\",\"metric\":\"scope.load\",\"comparison\":\"ABOVE\",\"threshold\":50,"
                + "\"recoveryThreshold\":40,\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}");
        policy("{\"name\":\"Scope load (databases)\",\"metric\":\"scope.load\",\"comparison\":\"ABOVE\",\"threshold\":80,\"recoveryThreshold\":70,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\",\"groupId\":\"" + groupId + "\"}");
        // A disabled device policy switches the default "almost full" warning off for that device only.
        policy("{\"name\":\"No fs warning here\",\"metric\":\"fs.used_pct\",\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":85,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\",\"deviceId\":\"" + web.deviceId + "\",\"enabled\":false}");
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Two scopes\",\"metric\":\"scope.load\",\"comparison\":\"ABOVE\","
                + "\"threshold\":50,\"recoveryThreshold\":40,\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\",\"groupId\":\"" + groupId
                + "\",\"deviceId\":\"" + web.deviceId + "\"}").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"No client\",\"metric\":\"scope.load\",\"comparison\":\"ABOVE\","
                + "\"threshold\":50,\"recoveryThreshold\":40,\"severity\":\"WARNING\",\"deviceId\":\"" + web.deviceId + "\"}").statusCode()).isEqualTo(400);

        String forDb = adminApi().getJson("/api/v1/devices/" + db.deviceId + "/alert-policies").body();
        String forWeb = adminApi().getJson("/api/v1/devices/" + web.deviceId + "/alert-policies").body();
        assertThat(forDb).contains("Scope load (databases)", "File system almost full", "CPU sustained high", "Service stopped", "HTTP check failing")
                .doesNotContain("Scope load (client)");
        assertThat(forWeb).contains("Scope load (client)", "File system full").doesNotContain("Scope load (databases)", "File system almost full");

        send(db, "scope.load", "", 60, System.currentTimeMillis());
        send(web, "scope.load", "", 60, System.currentTimeMillis());
        assertThat(alertsOf(db, "OPEN")).as("60 is under the databases' 80").isEmpty();
        String webAlert = alertsOf(web, "OPEN").getFirst();
        assertThat(alertsOf(web, "OPEN")).hasSize(1);
        assertThat(webAlert).contains("Scope load (client)");
        String webTicket = match(webAlert, "\"ticketId\":\"([0-9a-f-]{36})\"");
        send(db, "scope.load", "", 90, System.currentTimeMillis());
        assertThat(alertsOf(db, "OPEN")).hasSize(1).first().asString().contains("Scope load (databases)");

        assertThat(adminApi().json("POST", "/api/v1/alert-policies/" + clientPolicy + "/exclusions", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> excluded = adminApi().json("POST", "/api/v1/alert-policies/" + clientPolicy + "/exclusions",
                "{\"deviceId\":\"" + web.deviceId + "\"}");
        assertThat(excluded.statusCode()).as(excluded.body()).isEqualTo(201);
        assertThat(adminApi().getJson("/api/v1/devices/" + web.deviceId + "/alert-policies").body()).doesNotContain("Scope load");
        // Nothing would ever clear an alert of a policy that no longer applies: excluding the device closes it and settles its incident.
        assertThat(alertsOf(web, "OPEN")).isEmpty();
        assertThat(adminApi().getJson("/api/v1/tickets/" + webTicket).body()).contains("\"status\":\"RESOLVED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + webTicket + "/history").body()).contains("the device was excluded");
        assertThat(signedIn(DemoLogins.TIER1).page("/devices/" + web.deviceId + "/alerting")).contains("Scope load (client)", "Policies that apply");
        assertThat(signedIn(DemoLogins.TIER1).page("/alerts")).contains("Scope load (databases)", "group");
    }

    @Test
    void aSitePolicyReplacesTheClientsAndASiteWindowCoversItsDevices() {
        String clientId = client("Alpine");
        String siteId = jsonString(adminApi().getJson("/api/v1/clients/" + clientId + "/sites").body(), "id");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true,\"siteId\":\"" + siteId + "\"}");
        TestAgent depot = new TestAgent("http://localhost:" + port);
        depot.enroll(jsonString(created.body(), "token"), "site-depot-01");
        assertThat(adminApi().getJson("/api/v1/devices/" + depot.deviceId).body()).contains("\"siteId\":\"" + siteId + "\"");
        policy("{\"name\":\"Temp (client)\",\"metric\":\"site.temp\",\"comparison\":\"ABOVE\",\"threshold\":30,\"recoveryThreshold\":25,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}");
        policy("{\"name\":\"Temp (depot site)\",\"metric\":\"site.temp\",\"comparison\":\"ABOVE\",\"threshold\":40,\"recoveryThreshold\":35,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\",\"siteId\":\"" + siteId + "\"}");
        assertThat(adminApi().getJson("/api/v1/devices/" + depot.deviceId + "/alert-policies").body()).contains("Temp (depot site)", "\"SITE\"")
                .doesNotContain("Temp (client)");
        Instant now = Instant.now();
        HttpResponse<String> window = adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"siteId\":\"" + siteId + "\",\"startsAt\":\"" + now.minusSeconds(60) + "\",\"endsAt\":\"" + now.plusSeconds(600)
                        + "\",\"reason\":\"Depot rewiring\"}");
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
        send(depot, "site.temp", "", 35, System.currentTimeMillis());
        assertThat(alertsOf(depot, "OPEN")).as("35 is under the site's 40").isEmpty();
        send(depot, "site.temp", "", 45, System.currentTimeMillis());
        assertThat(alertsOf(depot, "OPEN")).hasSize(1).first().asString().contains("Temp (depot site)", "\"suppressedReason\":\"MAINTENANCE\"");
        String sitePolicy = match(alertsOf(depot, "OPEN").getFirst(), "\"policyId\":\"([0-9a-f-]{36})\"");
        assertThat(signedIn(DemoLogins.TIER1).json("PUT", "/api/v1/alert-policies/" + sitePolicy + "/enabled", "{\"enabled\":false}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> off = adminApi().json("PUT", "/api/v1/alert-policies/" + sitePolicy + "/enabled", "{\"enabled\":false}");
        assertThat(off.body()).contains("\"enabled\":false");
        assertThat(alertsOf(depot, "OPEN")).as("switching the policy off closes its alerts").isEmpty();
        // A disabled site policy still overrides: the client-wide one does not come back for this site.
        assertThat(adminApi().getJson("/api/v1/devices/" + depot.deviceId + "/alert-policies").body()).doesNotContain("Temp (client)");
    }

    @Test
    void anAverageNeedsTheWholeWindowAndAFlappingAlertStaysOpenOnOneIncident() {
        String clientId = client("Harbour");
        TestAgent agent = agent(clientId, "flappy-01");
        policy("{\"name\":\"Avg load\",\"metric\":\"avg.load\",\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":80,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\",\"aggregation\":\"AVG\",\"windowSeconds\":300}");
        long t = System.currentTimeMillis() - 600_000;
        send(agent, "avg.load", "", 50, t);
        send(agent, "avg.load", "", 50, t + 60_000);
        send(agent, "avg.load", "", 100, t + 120_000);
        assertThat(alertsOf(agent, "OPEN")).as("one high sample does not lift a five-minute average").isEmpty();
        for (int i = 3; i < 10; i++) {
            send(agent, "avg.load", "", 100, t + i * 60_000L);
        }
        assertThat(alertsOf(agent, "OPEN")).hasSize(1).first().asString().contains("Avg load");

        policy("{\"name\":\"Flappy\",\"metric\":\"flap.value\",\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":80,"
                + "\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}");
        long now = System.currentTimeMillis();
        send(agent, "flap.value", "", 95, now);
        String first = alertsOf(agent, "OPEN").stream().filter(a -> a.contains("Flappy")).findFirst().orElseThrow();
        String ticketId = match(first, "\"ticketId\":\"([0-9a-f-]{36})\"");
        send(agent, "flap.value", "", 50, now + 1);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");
        send(agent, "flap.value", "", 95, now + 2);
        // Fired again within the re-fire window: the same incident is reopened, not a new one.
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"NEW\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId + "/history").body()).contains("Alert fired again");
        send(agent, "flap.value", "", 50, now + 3);
        send(agent, "flap.value", "", 95, now + 4);
        send(agent, "flap.value", "", 50, now + 5);
        List<String> flappy = alertsOf(agent, null).stream().filter(a -> a.contains("Flappy")).toList();
        assertThat(flappy).hasSize(3);
        assertThat(flappy.getFirst()).contains("\"state\":\"OPEN\"", "\"flapping\":true");
        assertThat(flappy).allMatch(a -> a.contains(ticketId));
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).doesNotContain("\"status\":\"RESOLVED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId + "/history").body()).contains("Alert is flapping");
        assertThat(signedIn(DemoLogins.TIER1).page("/alerts")).contains("flapping");
    }

    @Test
    void anOfflineDeviceAndAWeeklyWindowPageNobody() {
        String clientId = client("Alpine");
        TestAgent quiet = agent(clientId, "offline-sup-01");
        TestAgent planned = agent(clientId, "weekly-sup-01");
        policy("{\"name\":\"Suppressible\",\"metric\":\"sup.value\",\"comparison\":\"ABOVE\",\"threshold\":10,\"recoveryThreshold\":5,"
                + "\"severity\":\"CRITICAL\",\"clientId\":\"" + clientId + "\"}");
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE device SET last_seen_at = now() - interval '10 minutes' WHERE id = ?")
                .param(UUID.fromString(quiet.deviceId)).update());
        TenantContext.runAsSystem(() -> alerts.sweepOffline(java.time.Duration.ofMinutes(3)));
        assertThat(alertsOf(quiet, "OPEN")).anyMatch(a -> a.contains("Device offline"));
        send(quiet, "sup.value", "", 50, System.currentTimeMillis());
        String suppressed = alertsOf(quiet, "OPEN").stream().filter(a -> a.contains("Suppressible")).findFirst().orElseThrow();
        assertThat(suppressed).contains("\"suppressedReason\":\"OFFLINE\"").doesNotContain("\"ticketId\":\"");

        assertThat(adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"recurrence\":\"WEEKLY\",\"reason\":\"no days\",\"startTime\":\"22:00\",\"durationMinutes\":60}").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"recurrence\":\"WEEKLY\",\"reason\":\"bad time\",\"days\":[\"MONDAY\"],\"startTime\":\"25:00\",\"durationMinutes\":60}").statusCode())
                .isEqualTo(400);
        String start = java.time.LocalTime.now(ZoneId.of("Europe/Berlin")).minusHours(1).withSecond(0).withNano(0).toString();
        HttpResponse<String> weekly = adminApi().json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"deviceId\":\"" + planned.deviceId + "\",\"recurrence\":\"WEEKLY\",\"reason\":\"Nightly backup\",\"days\":[\"MONDAY\",\"TUESDAY\","
                        + "\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"],\"startTime\":\"" + start + "\",\"durationMinutes\":180}");
        assertThat(weekly.statusCode()).as(weekly.body()).isEqualTo(201);
        assertThat(weekly.body()).contains("\"zone\":\"Europe/Berlin\"", "\"recurrence\":\"WEEKLY\"");
        send(planned, "sup.value", "", 50, System.currentTimeMillis());
        String inWindow = alertsOf(planned, "OPEN").stream().filter(a -> a.contains("Suppressible")).findFirst().orElseThrow();
        assertThat(inWindow).contains("\"suppressedReason\":\"MAINTENANCE\"").doesNotContain("\"ticketId\":\"");
        assertThat(signedIn(DemoLogins.TIER1).page("/alerts")).contains("Nightly backup", "device offline");
    }

    @Test
    void aDiskTrendingFullOpensAServiceRequestThatClosesWhenTheTrendTurns() {
        String clientId = client("Northwind");
        TestAgent agent = agent(clientId, "filling-01");
        send(agent, "fs.used_pct", "/data", 70, System.currentTimeMillis());
        UUID device = UUID.fromString(agent.deviceId);
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT used_pct FROM fs_daily_high WHERE device_id = ? AND instance = '/data'")
                .param(device).query(Double.class).single())).isEqualTo(70.0);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        TenantContext.runAsSystem(forecaster::run);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/disk-forecast").body())
                .as("one day of data is no trend").contains("\"instance\":\"/data\"", "\"historyDays\":1",
                        "\"forecast\":\"not enough data (needs 7 days, has 1)\"").doesNotContain("fullOn", "ticketId");
        assertThat(signedIn(DemoLogins.TIER1).page("/devices/" + agent.deviceId + "/alerting")).contains("not enough data (needs 7 days, has 1)");
        writeMarks(device, clientId, today, 5);
        TenantContext.runAsSystem(forecaster::run);
        String forecast = adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/disk-forecast").body();
        assertThat(forecast).contains("\"instance\":\"/data\"", "\"fullOn\":\"" + today.plusDays(6) + "\"");
        String ticketId = match(forecast, "\"ticketId\":\"([0-9a-f-]{36})\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"type\":\"SERVICE_REQUEST\"", "\"source\":\"ALERT\"",
                "predicted full by " + today.plusDays(6));
        TenantContext.runAsSystem(forecaster::run);
        assertThat(adminApi().getJson("/api/v1/tickets?q=filling-01&status=all").body()).as("one request, not one a day").contains("\"total\":1");
        assertThat(signedIn(DemoLogins.TIER1).page("/devices/" + agent.deviceId + "/alerting")).contains("Disk fill forecast", "/data",
                today.plusDays(6).toString());

        writeMarks(device, clientId, today, -1);
        TenantContext.runAsSystem(forecaster::run);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/disk-forecast").body()).contains("\"slopePerDay\":-1.0")
                .doesNotContain("fullOn", "ticketId");
    }

    /** Ten days of daily highs ending today at 70 %, moving {@code slope} points a day. */
    private void writeMarks(UUID device, String clientId, java.time.LocalDate today, double slope) {
        TenantContext.runAsSystem(() -> {
            for (int i = 0; i < 10; i++) {
                jdbc.sql("INSERT INTO fs_daily_high (device_id, client_id, instance, day, used_pct) VALUES (?, ?, '/data', ?, ?) "
                                + "ON CONFLICT (device_id, instance, day) DO UPDATE SET used_pct = EXCLUDED.used_pct")
                        .params(device, UUID.fromString(clientId), java.sql.Date.valueOf(today.minusDays(i)), 70 - slope * i).update();
            }
        });
    }
}
