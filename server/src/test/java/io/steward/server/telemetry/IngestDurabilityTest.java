package io.steward.server.telemetry;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.KillableServer;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.steward.server.support.KillableServer.assertAcknowledgedStoredOnce;
import static io.steward.server.support.KillableServer.assertAllStoredOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and its embedded PostgreSQL are killed with SIGKILL in the middle of an ingest burst. After a restart on the same
 * home, every batch that was acknowledged is stored exactly once, and resending every batch (as
 * the agent does with what it has not seen acknowledged) fills in the rest without doubles.
 */
class IngestDurabilityTest {
    private static final int AGENTS = 4;
    private static final int SAMPLES_PER_BATCH = 20;

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedBatchSurvivesAKillAndResendsFillTheRest() throws Exception {
        KillableServer server = new KillableServer(temp.resolve("home"), temp);
        try {
            String base = server.start("first.log").base();
            String token = server.enrollmentToken();
            List<TestAgent> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                TestAgent agent = new TestAgent(base);
                assertThat(agent.enroll(token, "durable-" + i).statusCode()).isEqualTo(201);
                agents.add(agent);
            }

            // The burst: each agent sends batch after batch; acknowledged (200) ones are recorded.
            Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
            Map<String, Long> lastSent = new ConcurrentHashMap<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            // Samples of a closed minute (an agent's spool after an outage looks like this): the fold writes closed minutes at once,
            // so after the restart the rollups are complete as soon as the server is up.
            long at = System.currentTimeMillis() - 5 * 60_000;
            ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
            for (TestAgent agent : agents) {
                acknowledged.put(agent.deviceId, ConcurrentHashMap.newKeySet());
                senders.submit(() -> {
                    for (long seq = 1; sending.get(); seq++) {
                        lastSent.put(agent.deviceId, seq);
                        try {
                            if (post(agent, seq, at).statusCode() == 200) {
                                acknowledged.get(agent.deviceId).add(seq);
                            }
                        } catch (RuntimeException connectionLost) {
                            // The server went away mid-request: not acknowledged.
                        }
                    }
                });
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (acknowledged.values().stream().mapToInt(Set::size).sum() < 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            server.kill();
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            int acked = acknowledged.values().stream().mapToInt(Set::size).sum();
            assertThat(acked).as("batches acknowledged before the kill").isGreaterThan(0);

            // Restart on the same home (and with it the same database).
            String restarted = server.start("second.log").base();
            try (Connection db = DriverManager.getConnection(server.jdbcUrl(), "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                for (TestAgent agent : agents) {
                    assertAcknowledgedStoredOnce(db, agent.deviceId, acknowledged.get(agent.deviceId), SAMPLES_PER_BATCH);
                }

                // The agents resend everything they sent (acknowledged or not) to the restarted server.
                for (TestAgent agent : agents) {
                    TestAgent again = new TestAgent(restarted, agent.keys);
                    again.deviceId = agent.deviceId;
                    for (long seq = 1; seq <= lastSent.get(agent.deviceId); seq++) {
                        HttpResponse<String> r = post(again, seq, at);
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        if (acknowledged.get(agent.deviceId).contains(seq)) {
                            assertThat(r.headers().firstValue("Steward-Already-Stored")).as("seq " + seq).hasValue("true");
                        }
                    }
                    long sent = lastSent.get(agent.deviceId);
                    assertAllStoredOnce(db, agent.deviceId, sent, SAMPLES_PER_BATCH);
                }
            }
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> post(TestAgent agent, long seq, long at) {
        StringBuilder body = new StringBuilder("{\"seq\":").append(seq).append(",\"samples\":[");
        for (int m = 0; m < SAMPLES_PER_BATCH; m++) {
            body.append(m == 0 ? "" : ",").append("{\"metric\":\"durable.m").append(m).append("\",\"instance\":\"\",\"value\":").append(seq)
                    .append(",\"unit\":\"count\",\"at\":").append(at).append('}');
        }
        return agent.post(AgentProtocol.METRICS_PATH, body.append("]}").toString(), Instant.now());
    }
}
