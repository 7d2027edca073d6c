package io.steward.server.devices.internal;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats of several devices and clients in one group commit, against the real database: a lock on the message
 * table holds the first write so that the others queue and share the next one, which makes the batch certain.
 */
class HeartbeatWriterTest extends IntegrationTest {
    @Autowired
    HeartbeatWriter writer;
    @Autowired
    DataSource dataSource;

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Test
    void oneBatchTellsEachHeartbeatItsOwnOutcome() throws Exception {
        List<AgentDevice> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String client = OwnData.client(adminApi(), "Heartbeat batch " + i);
            TestAgent agent = OwnData.approvedDevice(adminApi(), port, client, "hb-" + i);
            devices.add(new AgentDevice(new DeviceId(UUID.fromString(agent.deviceId)), new ClientId(UUID.fromString(client)), true,
                    System.nanoTime() + i));
        }
        AgentDevice first = devices.get(0);
        Map<String, Object> outcome = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        DeviceId ghost = new DeviceId(UUID.randomUUID());
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE agent_message IN SHARE MODE");
            record(threads, outcome, "first", first);
            io.steward.server.support.LockWaits.awaitStatementWaiting(dataSource, "WITH u AS (SELECT * FROM unnest");
            // Queued behind it: the same message again, two other clients' devices, and a device that does not exist.
            record(threads, outcome, "replay", first);
            record(threads, outcome, "second", devices.get(1));
            record(threads, outcome, "third", devices.get(2));
            record(threads, outcome, "ghost", new AgentDevice(ghost, first.clientId(), true, 1));
            Thread.sleep(300);
            assertThat(outcome).as("nothing is answered before the commit").isEmpty();
            lock.rollback();
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(outcome.get("first")).isEqualTo(new HeartbeatWriter.Heard(true, "APPROVED"));
        assertThat(outcome.get("replay")).as("a sequence number is stored once").isEqualTo(new HeartbeatWriter.Heard(false, null));
        assertThat(outcome.get("second")).isEqualTo(new HeartbeatWriter.Heard(true, "APPROVED"));
        assertThat(outcome.get("third")).isEqualTo(new HeartbeatWriter.Heard(true, "APPROVED"));
        // No such device (say its client was deleted after the request was verified): answered as gone, nothing stored.
        assertThat(outcome.get("ghost")).isEqualTo(new HeartbeatWriter.Heard(true, null));
        assertThat(TenantContext.callAsSystem(() -> jdbc().sql("SELECT count(*) FROM agent_message WHERE device_id = ?")
                .param(ghost.value()).query(Long.class).single())).isZero();
        for (AgentDevice d : devices) {
            assertThat(TenantContext.callAsSystem(() -> jdbc().sql("SELECT count(*) FROM agent_message WHERE device_id = ? AND seq = ? AND kind = 'heartbeat'")
                    .params(d.deviceId().value(), d.seq()).query(Long.class).single())).isEqualTo(1);
            assertThat(TenantContext.callAsSystem(() -> jdbc().sql("SELECT last_seen_at > now() - interval '1 minute' FROM device WHERE id = ?")
                    .param(d.deviceId().value()).query(Boolean.class).single())).isTrue();
        }
    }

    private void record(List<Thread> threads, Map<String, Object> outcome, String name, AgentDevice device) {
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                outcome.put(name, TenantContext.callAs(io.steward.server.shared.TenantScope.of(device.clientId()), () -> writer.record(device)));
            } catch (RuntimeException e) {
                outcome.put(name, e);
            }
        }));
    }

}
