package io.steward.server.alerting;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.alerting.internal.AlertEvaluator;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transitions of one write are written together, in rounds, and must come out as if written one by one: a breach,
 * its recovery and the next breach of one series in the same write leave a resolved alert and an open one that reopened
 * the first one's incident (the re-fire rule), while another series of the same write recovers from an alert opened by
 * an earlier write and settles its incident.
 */
class AlertTransitionsTest extends IntegrationTest {

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    private String client;

    @AfterEach
    void removeClient() {
        if (client != null) {
            OwnSeed.deleteClients(adminApi(), client);
        }
    }

    @Test
    void aWriteWithABreachItsRecoveryAndTheNextBreachKeepsTheirOrder() {
        client = OwnData.client(adminApi(), "Transitions");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"transitions\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token, "transitions-" + System.nanoTime()).statusCode()).isEqualTo(201);
        AgentDevice device = new AgentDevice(DeviceId.parse(agent.deviceId), ClientId.parse(client), true, 1);
        String policy = jsonString(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Flip " + System.nanoTime()
                + "\",\"metric\":\"app.flip\",\"comparison\":\"ABOVE\",\"threshold\":80,\"recoveryThreshold\":70,\"severity\":\"WARNING\","
                + "\"clientId\":\"" + client + "\"}").body(), "id");
        long t = System.currentTimeMillis() - 10_000;

        // An earlier write opens the alert of instance "b".
        write(device, List.of(List.of(sample("b", 90, t))));
        UUID ticketB = alerts(device, policy, "b").getFirst().ticket();
        assertThat(ticketB).isNotNull();

        // One write of two batches: "a" breaches, recovers and breaches again; "b" recovers.
        write(device, List.of(List.of(sample("a", 90, t + 1_000), sample("a", 50, t + 2_000), sample("a", 95, t + 3_000)),
                List.of(sample("b", 40, t + 4_000))));

        List<Row> a = alerts(device, policy, "a");
        assertThat(a).extracting(Row::state).containsExactly("RESOLVED", "OPEN");
        assertThat(a.get(0).value()).isEqualTo(50.0);
        assertThat(a.get(1).value()).isEqualTo(95.0);
        assertThat(a.get(0).ticket()).as("the first breach opened an incident").isNotNull();
        assertThat(a.get(1).ticket()).as("the second breach, within the re-fire window, reopened it").isEqualTo(a.get(0).ticket());
        assertThat(ticketStatus(a.get(1).ticket())).isNotIn("RESOLVED", "CLOSED");

        List<Row> b = alerts(device, policy, "b");
        assertThat(b).extracting(Row::state).containsExactly("RESOLVED");
        assertThat(b.getFirst().value()).isEqualTo(40.0);
        assertThat(ticketStatus(ticketB)).as("its recovery settled the incident nobody worked on").isEqualTo("RESOLVED");
    }

    private record Row(String state, double value, UUID ticket) {
    }

    private static Messages.Sample sample(String instance, double value, long at) {
        return new Messages.Sample("app.flip", instance, value, "count", at);
    }

    /** One write of the batch writer: the client's batches announced together, in system scope, committed. */
    private void write(AgentDevice device, List<List<Messages.Sample>> batches) {
        TenantContext.runAsSystem(() -> new TransactionTemplate(transactions).executeWithoutResult(status ->
                evaluator.on(new ClientSamplesAccepted(device.clientId(), batches.stream().map(s -> new SamplesAccepted(device, s)).toList()))));
    }

    private List<Row> alerts(AgentDevice device, String policy, String instance) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                        SELECT state, last_value, ticket_id FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? ORDER BY opened_at, state DESC""")
                .params(device.deviceId().value(), UUID.fromString(policy), instance)
                .query((rs, n) -> new Row(rs.getString(1), rs.getDouble(2), rs.getObject(3, UUID.class))).list());
    }

    private String ticketStatus(UUID ticket) {
        Map<String, Object> row = TenantContext.callAsSystem(() -> jdbc.sql("SELECT status FROM ticket WHERE id = ?").param(ticket).query().singleRow());
        return (String) row.get("status");
    }
}
