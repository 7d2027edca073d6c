package io.steward.server.telemetry.internal;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import io.steward.protocol.AgentProtocol;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold's crash guarantee inside one JVM: acknowledged batches whose closed minutes were written
 * and whose open minute was only in memory, and batches not written at all, are each counted exactly
 * once after the memory is lost and {@link RollupFold#recover} rebuilds it from metric_batch and the
 * fold mark; rows fully folded leave metric_batch.
 */
class RollupFoldRecoveryTest extends IntegrationTest {
    @Autowired
    DataSource dataSource;

    @Autowired
    RollupFold fold;

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    private static String sample(String metric, double value, long at) {
        return "{\"metric\":\"" + metric + "\",\"instance\":\"\",\"value\":" + value + ",\"unit\":\"count\",\"at\":" + at + "}";
    }

    private static void send(TestAgent agent, long seq, String... samples) {
        HttpResponse<String> r = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + seq + ",\"samples\":[" + String.join(",", samples) + "]}",
                Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private long minuteCount(UUID device, long bucket) {
        return TenantContext.callAsSystem(() -> jdbc().sql("SELECT coalesce(sum(count), 0) FROM metric_minute WHERE device_id = ? AND bucket = ?")
                .params(device, new java.sql.Timestamp(bucket)).query(Long.class).single());
    }

    private long batchRows(UUID device) {
        return TenantContext.callAsSystem(() -> jdbc().sql("SELECT count(*) FROM metric_batch WHERE device_id = ?").param(device).query(Long.class).single());
    }

    @Test
    void aLostMemoryIsRebuiltFromTheBatchesAndTheMarkWithoutDoublesOrGaps() throws InterruptedException {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"fold\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token, "fold-recovery").statusCode()).isEqualTo(201);
        UUID device = UUID.fromString(agent.deviceId);
        long now = System.currentTimeMillis();
        long closed = (now / 60_000 - 3) * 60_000;
        long open = (now / 60_000 + 1) * 60_000 + 1_000;

        // Batch 1: a closed minute and a minute still open (ahead of the clock, as the protocol allows).
        send(agent, 1, sample("fold.a", 1, closed + 1_000), sample("fold.a", 2, open));
        assertThat(fold.write(now)).isTrue();
        assertThat(minuteCount(device, closed)).as("a closed minute is written").isEqualTo(1);
        assertThat(minuteCount(device, open - 1_000)).as("an open minute stays in memory").isZero();
        assertThat(batchRows(device)).as("the batch is kept while part of it is only in memory").isEqualTo(1);

        // Batches 2 and 3 are acknowledged but not written before the "crash".
        send(agent, 2, sample("fold.a", 3, closed + 2_000), sample("fold.a", 4, open + 1_000));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(sample("fold.b" + i, i, closed + 3_000));
        }
        send(agent, 3, many.toArray(String[]::new));

        // The fold's own timer keeps writing throughout, here as often as it can: a crash falls between two of its writes,
        // and nothing is written between the crash and the recovery.
        java.util.concurrent.atomic.AtomicBoolean crashing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread timer = Thread.ofPlatform().start(() -> {
            while (crashing.get()) {
                fold.write(System.currentTimeMillis());
                Thread.onSpinWait();
            }
        });
        try {
            fold.forgetMemory();
            fold.recover();
            assertThat(minuteCount(device, closed)).as("closed minute: batch 1 once, batches 2 and 3 now").isEqualTo(1 + 1 + 50);
            assertThat(minuteCount(device, open - 1_000)).isZero();
            // Recovered again (a crash during start-up): still once each.
            fold.forgetMemory();
            fold.recover();
            assertThat(minuteCount(device, closed)).isEqualTo(52);
        } finally {
            crashing.set(false);
            timer.join();
        }

        assertThat(fold.write(open + 60_000)).isTrue();
        assertThat(minuteCount(device, open - 1_000)).as("the open minute of batches 1 and 2, once each").isEqualTo(2);
        assertThat(minuteCount(device, closed)).isEqualTo(52);
        assertThat(batchRows(device)).as("fully folded batches leave metric_batch").isZero();
        // Hours are written with their minutes, in the same transaction: recovered twice, still counted once.
        String total = "SELECT sum(count) FROM %s WHERE device_id = ?";
        long inHours = TenantContext.callAsSystem(() -> jdbc().sql(total.formatted("metric_hour")).param(device).query(Long.class).single());
        long inMinutes = TenantContext.callAsSystem(() -> jdbc().sql(total.formatted("metric_minute")).param(device).query(Long.class).single());
        assertThat(inHours).isEqualTo(inMinutes).isEqualTo(54);
        double latest = TenantContext.callAsSystem(() -> jdbc().sql("SELECT value FROM metric_latest WHERE device_id = ? AND metric = 'fold.a'")
                .param(device).query(Double.class).single());
        assertThat(latest).isEqualTo(4.0);
    }
}
