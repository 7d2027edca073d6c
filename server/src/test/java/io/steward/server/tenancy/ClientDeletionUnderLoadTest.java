package io.steward.server.tenancy;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.steward.protocol.AgentProtocol;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a client cascades through its devices, alerts, tickets and telemetry while the background
 * work (offline watch, folds, SLA watch) and the client's own agents touch the same rows. PostgreSQL
 * may pick the delete as a deadlock's victim; the person deleting must still get 204, never 500.
 */
class ClientDeletionUnderLoadTest extends IntegrationTest {
    private static final int ROUNDS = 6;
    private static final int AGENTS = 3;

    @Autowired
    JdbcClient jdbc;

    @Test
    void deletingAClientWhileItsDevicesAndTheBackgroundWorkAreBusyAlwaysAnswers204() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String clientId = busyClient("Deletion under load");
            List<TestAgent> agents = enrolledAgents(clientId);
            AtomicBoolean stop = new AtomicBoolean();
            List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> load = new ArrayList<>();
            for (TestAgent agent : agents) {
                load.add(Thread.ofVirtual().start(() -> {
                    // Heartbeats clear offline alerts and metrics open and resolve incidents: rows the delete removes.
                    for (int i = 0; !stop.get() && i < 400; i++) {
                        serverErrors.addAll(failed(agent.heartbeat()));
                        serverErrors.addAll(failed(metric(agent, i % 2 == 0 ? 95 : 5)));
                    }
                }));
            }
            // Silent devices make the offline watch raise alerts on this client as it is deleted.
            TenantContext.runAsSystem(() -> jdbc.sql("UPDATE device SET last_seen_at = now() - interval '10 minutes' WHERE client_id = ?")
                    .param(UUID.fromString(clientId)).update());
            Thread.sleep(150L * (round % 3));

            HttpResponse<String> deleted = adminApi().json("DELETE", "/api/v1/clients/" + clientId, null);
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
            assertThat(deleted.statusCode()).as("round %d: %s", round, deleted.body()).isEqualTo(204);
            // Refusals (the device is gone, or too chatty) are the agents' answers; a 5xx would be the server's race.
            assertThat(serverErrors).as("agent answers during round %d", round).isEmpty();
            assertThat(adminApi().getJson("/api/v1/clients/" + clientId).statusCode()).isEqualTo(404);
            // Its devices are refused at once, not when a kept copy of their credentials expires.
            assertThat(agents.getFirst().heartbeat().statusCode()).isEqualTo(401);
            long left = TenantContext.callAsSystem(() -> jdbc.sql("SELECT (SELECT count(*) FROM device WHERE client_id = ?)"
                    + " + (SELECT count(*) FROM ticket WHERE client_id = ?)").params(UUID.fromString(clientId), UUID.fromString(clientId))
                    .query(Long.class).single());
            assertThat(left).as("devices and tickets go with their client").isZero();
        }
    }

    private String busyClient(String name) {
        String clientId = OwnData.client(adminApi(), name);
        HttpResponse<String> policy = adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Load\",\"metric\":\"load.test\","
                + "\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":10,\"severity\":\"CRITICAL\",\"clientId\":\"" + clientId + "\"}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ticket = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\","
                    + "\"title\":\"Printer " + i + "\",\"description\":\"Jammed\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\"}");
            assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        }
        return clientId;
    }

    private List<TestAgent> enrolledAgents(String clientId) {
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":" + AGENTS + ",\"autoApprove\":true}").body(), "token");
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            TestAgent agent = new TestAgent("http://localhost:" + port);
            assertThat(agent.enroll(token, "load-" + i).statusCode()).isEqualTo(201);
            assertThat(agent.heartbeat().statusCode()).isEqualTo(200);
            metric(agent, 95);
            agents.add(agent);
        }
        return agents;
    }

    private static List<String> failed(HttpResponse<String> r) {
        boolean overloadAnswer = r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent();
        return r.statusCode() >= 500 && !overloadAnswer ? List.of(r.statusCode() + " " + r.body()) : List.of();
    }

    private static HttpResponse<String> metric(TestAgent agent, double value) {
        return agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":\"load.test\",\"instance\":\"\","
                + "\"value\":" + value + ",\"unit\":\"percent\",\"at\":" + System.currentTimeMillis() + "}]}", Instant.now());
    }
}
