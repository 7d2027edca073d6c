package io.steward.server.alerting;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of alerts from one client: the first ones (up to the storm threshold, 30 a minute) open an incident each, the
 * rest join one "Alert storm" incident of the client and are recorded as grouped; when they clear, their own incidents
 * are resolved and the storm incident stays for a person to close.
 */
class AlertStormTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALERTS = 40;
    private static final int THRESHOLD = 30;

    @Test
    void alertsBeyondTheStormThresholdJoinOneStormIncident() {
        Http api = adminApi();
        String client = OwnData.client(api, "Storm");
        assertThat(api.json("POST", "/api/v1/alert-policies", "{\"name\":\"Queue depth\",\"metric\":\"queue.depth\",\"comparison\":\"ABOVE\","
                + "\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"WARNING\",\"clientId\":\"" + client + "\"}").statusCode()).isEqualTo(201);
        TestAgent agent = OwnData.approvedDevice(api, port, client, "storm-" + UUID.randomUUID().toString().substring(0, 8));

        send(agent, 1, 25);
        List<JsonNode> open = alerts(api, agent, "OPEN");
        assertThat(open).hasSize(ALERTS);
        List<JsonNode> own = open.stream().filter(a -> !a.path("grouped").asBoolean()).toList();
        List<JsonNode> grouped = open.stream().filter(a -> a.path("grouped").asBoolean()).toList();
        assertThat(own).hasSize(THRESHOLD - 1);
        assertThat(grouped).hasSize(ALERTS - THRESHOLD + 1);
        Set<String> ownTickets = new HashSet<>();
        own.forEach(a -> ownTickets.add(a.path("ticketId").asString()));
        assertThat(ownTickets).as("an incident each").hasSize(THRESHOLD - 1).doesNotContain("", "null");
        Set<String> stormTickets = new HashSet<>();
        grouped.forEach(a -> stormTickets.add(a.path("ticketId").asString()));
        assertThat(stormTickets).as("one storm incident").hasSize(1);
        String storm = stormTickets.iterator().next();
        assertThat(ownTickets).doesNotContain(storm);
        JsonNode stormTicket = JSON.readTree(api.getJson("/api/v1/tickets/" + storm).body());
        assertThat(stormTicket.path("title").asString()).isEqualTo("Alert storm: many alerts at once");
        assertThat(stormTicket.path("source").asString()).isEqualTo("ALERT");
        assertThat(signedIn(io.steward.server.support.DemoLogins.TIER1).page("/alerts")).contains("alert storm");
        // The storm's page counts its alerts instead of naming one device as if it were the cause.
        String stormPage = signedIn(io.steward.server.support.DemoLogins.TIER1).page("/tickets/" + storm);
        assertThat(stormPage).contains("id=\"storm-panel\"", (ALERTS - THRESHOLD + 1) + " alerts, " + (ALERTS - THRESHOLD + 1) + " still open")
                .doesNotContain("id=\"device-panel\"");

        // Everything recovers: each alert resolves; the incidents of their own are resolved, the storm stays for a person.
        send(agent, 2, 1);
        assertThat(alerts(api, agent, "OPEN")).isEmpty();
        for (String t : ownTickets) {
            assertThat(JSON.readTree(api.getJson("/api/v1/tickets/" + t).body()).path("status").asString()).isEqualTo("RESOLVED");
        }
        assertThat(JSON.readTree(api.getJson("/api/v1/tickets/" + storm).body()).path("status").asString()).isNotIn("RESOLVED", "CLOSED");
        OwnSeed.deleteClients(api, client);
    }

    private static void send(TestAgent agent, long seq, double value) {
        StringBuilder body = new StringBuilder("{\"seq\":").append(seq).append(",\"samples\":[");
        long at = System.currentTimeMillis();
        for (int i = 0; i < ALERTS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"metric\":\"queue.depth\",\"instance\":\"q").append(i).append("\",\"value\":").append(value)
                    .append(",\"unit\":\"count\",\"at\":").append(at).append('}');
        }
        var r = agent.post(AgentProtocol.METRICS_PATH, body.append("]}").toString(), Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<JsonNode> alerts(Http api, TestAgent agent, String state) {
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(api.getJson("/api/v1/alerts?state=" + state).body()).forEach(a -> {
            if (a.path("deviceId").asString().equals(agent.deviceId)) {
                out.add(a);
            }
        });
        return out;
    }
}
