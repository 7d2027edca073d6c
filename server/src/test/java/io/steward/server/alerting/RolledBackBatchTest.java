package io.steward.server.alerting;

import java.util.List;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.alerting.internal.AlertEvaluator;
import io.steward.server.alerting.internal.DiskHighWater;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory beside transactions: a batch whose transaction rolls back comes again (the writer retries
 * it, or the agent resends), so whatever memory it moved must not count it twice or make its retry
 * skip a write; and a policy change must not leave the pre-change rows cached.
 */
class RolledBackBatchTest extends IntegrationTest {

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    DiskHighWater highWater;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    private AgentDevice enrolled(String client) {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=" + client).body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"rollback\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token, "rollback-" + System.nanoTime()).statusCode()).isEqualTo(201);
        return new AgentDevice(DeviceId.parse(agent.deviceId), ClientId.parse(clientId), true, 1);
    }

    /** One batch as the only one of its write. */
    private static ClientSamplesAccepted alone(AgentDevice device, List<Messages.Sample> samples) {
        return new ClientSamplesAccepted(device.clientId(), List.of(new SamplesAccepted(device, samples)));
    }

    private void inTransaction(boolean commit, Runnable work) {
        // The scope first: a transaction's connection takes the scope in force when it starts, as the batch writer's does.
        TenantContext.runAsSystem(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            work.run();
            if (!commit) {
                status.setRollbackOnly();
            }
        }));
    }

    @Test
    void aRolledBackBatchLeavesNoSampleInAnAverageWindow() {
        AgentDevice device = enrolled("Northwind");
        String name = "Rollback avg " + System.nanoTime();
        assertThat(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"" + name + "\",\"metric\":\"app.rollback_avg\","
                + "\"comparison\":\"ABOVE\",\"threshold\":50,\"recoveryThreshold\":40,\"severity\":\"WARNING\",\"aggregation\":\"AVG\","
                + "\"windowSeconds\":300,\"clientId\":\"" + device.clientId().value() + "\"}").statusCode()).isEqualTo(201);
        long now = System.currentTimeMillis();
        inTransaction(false, () -> evaluator.on(alone(device,
                List.of(new Messages.Sample("app.rollback_avg", "", 45, "count", now - 2_000)))));
        inTransaction(true, () -> evaluator.on(alone(device,
                List.of(new Messages.Sample("app.rollback_avg", "", 52, "count", now - 1_000)))));
        // The rolled-back 45 opened nothing; counted, it would pull the average to 48.5 and hide the breach of the 52.
        assertThat(adminApi().getJson("/api/v1/devices/" + device.deviceId().value() + "/alerts").body()).contains(name, "\"state\":\"OPEN\"");
    }

    @Test
    void aRolledBackBatchDoesNotStopItsRetryFromRecordingTheDailyHigh() {
        AgentDevice device = enrolled("Northwind");
        Messages.Sample high = new Messages.Sample("fs.used_pct", "/rollback", 77.5, "pct", System.currentTimeMillis());
        inTransaction(false, () -> highWater.on(alone(device, List.of(high))));
        inTransaction(true, () -> highWater.on(alone(device, List.of(high))));
        UUID id = device.deviceId().value();
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT used_pct FROM fs_daily_high WHERE device_id = ? AND instance = '/rollback'")
                .param(id).query(Double.class).list())).containsExactly(77.5);
    }

    @Autowired
    io.steward.server.alerting.internal.PolicyCache cache;

    @Test
    void policiesReadByAnotherThreadBeforeAChangeCommitsAreNotKept() throws Exception {
        AgentDevice device = enrolled("Northwind");
        String policyId = jsonString(adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Race " + System.nanoTime()
                + "\",\"metric\":\"app.race\",\"comparison\":\"ABOVE\",\"threshold\":80,\"recoveryThreshold\":70,\"severity\":\"WARNING\","
                + "\"clientId\":\"" + device.clientId().value() + "\"}").body(), "id");
        java.util.function.Supplier<Double> cached = () -> TenantContext.callAsSystem(() -> cache.policiesOf(device.clientId()).stream()
                .filter(p -> p.id().toString().equals(policyId)).findFirst().orElseThrow().threshold());
        assertThat(cached.get()).isEqualTo(80.0);
        inTransaction(true, () -> {
            jdbc.sql("UPDATE alert_policy SET threshold = 90, recovery_threshold = 85 WHERE id = ?").param(UUID.fromString(policyId)).update();
            cache.invalidatePolicies(device.clientId());
            // Like the batch writer on its own connection: it still sees the committed 80 and fills the cache with it.
            try {
                assertThat(java.util.concurrent.CompletableFuture.supplyAsync(cached).get()).isEqualTo(80.0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(cached.get()).as("the cache is cleared again once the change is committed").isEqualTo(90.0);
    }
}
