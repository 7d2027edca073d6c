package io.steward.server.alerting;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Staff acknowledge and snooze an alert raised through the agent channel; it shows on the alert and its incident, and stays within the tenant. */
class AlertAcknowledgementTest extends IntegrationTest {

    @Test
    void anAcknowledgementShowsOnTheAlertAndItsIncident() {
        String clientId = OwnData.client(adminApi(), "Ack");
        String host = "ack-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        raised(clientId, host);
        String alert = openAlert(host);
        String alertId = match(alert, "\"id\":\"([0-9a-f-]{36})\"");
        String ticketId = match(alert, "\"ticketId\":\"([0-9a-f-]{36})\"");
        assertThat(alert).doesNotContain("acknowledgedBy");
        assertThat(admin().page("/alerts")).contains("ack-" + alertId);

        HttpResponse<String> ack = adminApi().json("POST", "/api/v1/alerts/" + alertId + "/acknowledgement", "");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        String by = jsonString(ack.body(), "acknowledgedBy");
        String at = jsonString(ack.body(), "acknowledgedAt");
        assertThat(by).isNotBlank();
        HttpResponse<String> again = adminApi().json("POST", "/api/v1/alerts/" + alertId + "/acknowledgement", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(jsonString(again.body(), "acknowledgedAt")).as("idempotent: the first acknowledgement stands").isEqualTo(at);
        assertThat(adminApi().getJson("/api/v1/alerts/" + alertId).body()).contains("\"acknowledgedBy\":\"" + by + "\"");

        String ticketPage = admin().page("/tickets/" + ticketId);
        assertThat(ticketPage).contains("Acknowledged by " + by + " at ", "Alert acknowledged by " + by);
        assertThat(admin().page("/alerts")).contains("Acknowledged by " + by);

        HttpResponse<String> withdrawn = adminApi().json("DELETE", "/api/v1/alerts/" + alertId + "/acknowledgement", "");
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.body()).doesNotContain("acknowledgedBy");
        assertThat(admin().page("/tickets/" + ticketId)).contains("not acknowledged");

        // The alerts list's buttons (form posts with CSRF) do the same for a technician.
        var tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.postForm("/alerts/" + alertId + "/acknowledgement", Map.of()).statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/alerts/" + alertId).body()).contains("\"acknowledgedBy\"");
        assertThat(tech.postForm("/alerts/" + alertId + "/snooze", Map.of("minutes", "60")).statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/alerts/" + alertId).body()).contains("\"snoozedUntil\"");
        assertThat(tech.postForm("/alerts/" + alertId + "/snooze", Map.of()).statusCode()).isEqualTo(302);
        assertThat(tech.postForm("/alerts/" + alertId + "/acknowledgement", Map.of("withdraw", "true")).statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/alerts/" + alertId).body()).doesNotContain("acknowledgedBy", "snoozedUntil");
    }

    @Test
    void aSnoozeIsValidatedShownAndKeepsRepeatsFromOpeningAnything() {
        String clientId = OwnData.client(adminApi(), "Snooze");
        String host = "snooze-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestAgent agent = raised(clientId, host);
        String alert = openAlert(host);
        String alertId = match(alert, "\"id\":\"([0-9a-f-]{36})\"");
        String ticketId = match(alert, "\"ticketId\":\"([0-9a-f-]{36})\"");

        for (String body : new String[] {"{\"minutes\":4}", "{\"minutes\":10081}", "{}"}) {
            HttpResponse<String> bad = adminApi().json("POST", "/api/v1/alerts/" + alertId + "/snooze", body);
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(bad.body()).contains("minutes");
        }
        Instant before = Instant.now();
        HttpResponse<String> snoozed = adminApi().json("POST", "/api/v1/alerts/" + alertId + "/snooze", "{\"minutes\":60}");
        assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);
        Instant until = Instant.parse(jsonString(snoozed.body(), "snoozedUntil"));
        assertThat(until).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
        assertThat(admin().page("/alerts")).contains("snoozed until");
        assertThat(adminApi().getJson("/api/v1/alerts?hideSnoozed=true").body()).doesNotContain(alertId);
        assertThat(adminApi().getJson("/api/v1/alerts").body()).contains(alertId);

        // The condition clears and fires again while snoozed: recorded as snoozed, the resolved incident stays resolved.
        send(agent, 1);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");
        send(agent, 50);
        String repeat = openAlert(host);
        assertThat(repeat).doesNotContain(alertId).contains("\"suppressedReason\":\"SNOOZED\"").doesNotContain("ticketId");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");

        HttpResponse<String> woken = adminApi().json("DELETE", "/api/v1/alerts/" + alertId + "/snooze", "");
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(woken.body()).doesNotContain("snoozedUntil");
    }

    @Test
    void anotherClientsStaffAndClientUsersCannotTouchIt() {
        String clientId = OwnData.client(adminApi(), "AckScope");
        String host = "scope-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        raised(clientId, host);
        String alertId = match(openAlert(host), "\"id\":\"([0-9a-f-]{36})\"");
        for (String login : new String[] {DemoLogins.SCOPED, DemoLogins.PORTAL_NORTHWIND}) {
            var who = signedIn(login);
            assertThat(who.json("POST", "/api/v1/alerts/" + alertId + "/acknowledgement", "").statusCode()).as(login).isIn(403, 404);
            assertThat(who.json("POST", "/api/v1/alerts/" + alertId + "/snooze", "{\"minutes\":60}").statusCode()).as(login).isIn(403, 404);
            assertThat(who.json("DELETE", "/api/v1/alerts/" + alertId + "/snooze", "").statusCode()).as(login).isIn(403, 404);
            assertThat(who.getJson("/api/v1/alerts/" + alertId).statusCode()).as(login).isIn(403, 404);
            assertThat(who.postForm("/alerts/" + alertId + "/acknowledgement", Map.of()).statusCode()).as(login).isIn(403, 404);
        }
        assertThat(signedIn(DemoLogins.SCOPED).json("POST", "/api/v1/alerts/" + alertId + "/acknowledgement", "").statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/alerts/" + alertId).body()).doesNotContain("acknowledgedBy", "snoozedUntil");
    }

    private TestAgent raised(String clientId, String hostname) {
        HttpResponse<String> policy = adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Ack depth\",\"metric\":\"ackq.depth\","
                + "\"comparison\":\"ABOVE\",\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        TestAgent agent = OwnData.approvedDevice(adminApi(), port, clientId, hostname);
        send(agent, 40);
        return agent;
    }

    private String openAlert(String hostname) {
        String alerts = adminApi().getJson("/api/v1/alerts?state=OPEN").body();
        return java.util.Arrays.stream(alerts.split("\\},\\{")).filter(a -> a.contains("\"" + hostname + "\"")).findFirst().orElseThrow();
    }

    private static void send(TestAgent agent, double value) {
        HttpResponse<String> r = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":\"ackq.depth\","
                + "\"instance\":\"\",\"value\":" + value + ",\"unit\":\"count\",\"at\":" + System.currentTimeMillis() + "}]}", Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
