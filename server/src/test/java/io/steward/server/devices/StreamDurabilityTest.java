package io.steward.server.devices;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.steward.protocol.stream.StreamFrame;
import io.steward.server.support.KillableServer;
import io.steward.server.support.TestAgent;
import io.steward.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.steward.server.support.KillableServer.assertAcknowledgedStoredOnce;
import static io.steward.server.support.KillableServer.assertAllStoredOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 under SIGKILL: agents keep several batches in flight on their connections while the server and its
 * embedded PostgreSQL are killed. After a restart every acknowledged batch is stored exactly once, and the agents,
 * resending on new connections everything they sent, fill in the rest without doubles.
 */
class StreamDurabilityTest {
    private static final int AGENTS = 4;
    private static final int SERIES = 20;
    private static final int WINDOW = 8;

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
                assertThat(agent.enroll(token, "stream-durable-" + i).statusCode()).isEqualTo(201);
                agents.add(agent);
            }
            // Samples of a closed minute: the fold writes closed minutes at once, so the rollups are complete soon after a start.
            long at = System.currentTimeMillis() - 5 * 60_000;
            Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
            Map<String, Long> lastSent = new ConcurrentHashMap<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
            for (TestAgent agent : agents) {
                acknowledged.put(agent.deviceId, ConcurrentHashMap.newKeySet());
                lastSent.put(agent.deviceId, 0L);
                TestStream stream = TestStream.signedIn(base, agent);
                stream.send(declaration());
                senders.submit(() -> burst(stream, agent.deviceId, at, sending, acknowledged.get(agent.deviceId), lastSent));
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (acknowledged.values().stream().mapToInt(Set::size).sum() < 300 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            server.kill();
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).as("batches acknowledged before the kill").isGreaterThan(0);

            String restarted = server.start("second.log").base();
            try (Connection db = DriverManager.getConnection(server.jdbcUrl(), "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                for (TestAgent agent : agents) {
                    assertAcknowledgedStoredOnce(db, agent.deviceId, acknowledged.get(agent.deviceId), SERIES);
                }
                // Each agent reconnects, declares again and resends everything it sent, acknowledged or not.
                for (TestAgent agent : agents) {
                    TestAgent again = new TestAgent(restarted, agent.keys);
                    again.deviceId = agent.deviceId;
                    TestStream stream = TestStream.signedIn(restarted, again);
                    stream.send(declaration());
                    long sent = lastSent.get(agent.deviceId);
                    Set<Long> answered = new HashSet<>();
                    for (long seq = 1; seq <= sent; seq++) {
                        stream.send(batch(seq, at));
                        StreamFrame.Ack ack = (StreamFrame.Ack) stream.next();
                        assertThat(ack.seq()).isEqualTo(seq);
                        answered.add(seq);
                        if (acknowledged.get(agent.deviceId).contains(seq)) {
                            assertThat(ack.alreadyStored()).as("seq " + seq + " was acknowledged before the kill").isTrue();
                        }
                    }
                    stream.close();
                    assertThat(answered).hasSize((int) sent);
                    assertAllStoredOnce(db, agent.deviceId, sent, SERIES);
                }
            }
        } finally {
            server.stop();
        }
    }

    /** Sends batch after batch with up to {@link #WINDOW} unanswered, recording acknowledged ones, until told to stop or cut off. */
    private static void burst(TestStream stream, String device, long at, AtomicBoolean sending, Set<Long> acknowledged, Map<String, Long> lastSent) {
        long seq = 0;
        int inFlight = 0;
        while (sending.get() && stream.isOpen()) {
            try {
                while (inFlight < WINDOW) {
                    stream.send(batch(seq + 1, at));
                    seq++;
                    lastSent.put(device, seq);
                    inFlight++;
                }
            } catch (RuntimeException connectionLost) {
                return;
            }
            StreamFrame answer = stream.poll(200);
            if (answer instanceof StreamFrame.Ack ack) {
                acknowledged.add(ack.seq());
                inFlight--;
            } else if (answer != null) {
                inFlight--;
            }
        }
    }

    private static StreamFrame.Declare declaration() {
        List<StreamFrame.SeriesDef> series = new ArrayList<>();
        for (int m = 0; m < SERIES; m++) {
            series.add(new StreamFrame.SeriesDef(m, "durable.m" + m, "", "count"));
        }
        return new StreamFrame.Declare(series);
    }

    private static StreamFrame.Batch batch(long seq, long at) {
        int[] ids = new int[SERIES];
        double[] values = new double[SERIES];
        for (int m = 0; m < SERIES; m++) {
            ids[m] = m;
            values[m] = seq;
        }
        return new StreamFrame.Batch(seq, at, ids, values, new int[SERIES]);
    }
}
