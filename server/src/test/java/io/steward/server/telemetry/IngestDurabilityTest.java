package io.steward.server.telemetry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
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
import io.steward.server.StewardApplication;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.steward.server.support.Text.jsonString;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedBatchSurvivesAKillAndResendsFillTheRest() throws Exception {
        Path home = temp.resolve("home");
        int pgPort = freePort();
        Process first = null;
        Process second = null;
        try {
            int port = freePort();
            first = start(home, port, pgPort, "first.log");
            String base = "http://localhost:" + port;
            String token = enrollmentToken(base, home);
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
            // SIGKILL to the server and to its embedded PostgreSQL at once: nothing gets to flush or shut down.
            ProcessHandle postmaster = postmaster(home);
            List<ProcessHandle> backends = postmaster.descendants().toList();
            first.destroyForcibly();
            postmaster.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            for (ProcessHandle child : backends) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            sending.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            int acked = acknowledged.values().stream().mapToInt(Set::size).sum();
            assertThat(acked).as("batches acknowledged before the kill").isGreaterThan(0);

            // Restart on the same home (and with it the same database).
            port = freePort();
            second = start(home, port, pgPort, "second.log");
            String url = "jdbc:postgresql://localhost:" + pgPort + "/steward";
            try (Connection db = DriverManager.getConnection(url, "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                for (TestAgent agent : agents) {
                    Set<Long> stored = storedSeqs(db, agent.deviceId);
                    assertThat(stored).as("acknowledged batches of " + agent.deviceId).containsAll(acknowledged.get(agent.deviceId));
                    assertThat(samplesIn(db, agent.deviceId)).as("each stored batch exactly once").isEqualTo((long) stored.size() * SAMPLES_PER_BATCH);
                }

                // The agents resend everything they sent (acknowledged or not) to the restarted server.
                String restarted = "http://localhost:" + port;
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
                    assertThat(storedSeqs(db, agent.deviceId)).hasSize((int) sent);
                    // The resent batches reach the rollups with the fold's next write (every 200 ms here); more than expected would be a double.
                    long deadline2 = System.currentTimeMillis() + 30_000;
                    while (samplesIn(db, agent.deviceId) < sent * SAMPLES_PER_BATCH && System.currentTimeMillis() < deadline2) {
                        Thread.sleep(100);
                    }
                    assertThat(samplesIn(db, agent.deviceId)).isEqualTo(sent * SAMPLES_PER_BATCH);
                }
            }
        } finally {
            stop(second);
            stop(first);
            stopOrphanedPostgres(home);
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

    private static Set<Long> storedSeqs(Connection db, String device) throws Exception {
        Set<Long> seqs = new java.util.HashSet<>();
        try (var ps = db.prepareStatement("SELECT seq FROM agent_message WHERE device_id = ?::uuid AND kind = 'metrics'")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    /** Samples in the 1-minute rollups: counts add up, so a batch stored twice would show. */
    private static long samplesIn(Connection db, String device) throws Exception {
        try (var ps = db.prepareStatement("SELECT coalesce(sum(count), 0) FROM metric_minute WHERE device_id = ?::uuid")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String enrollmentToken(String base, Path home) {
        String apiToken = DemoLogins.read(home.resolve("demo-credentials.txt")).adminApiToken();
        HttpResponse<String> clients = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clients?q=Alpine"))
                .header("Authorization", "Bearer " + apiToken).GET());
        String clientId = jsonString(clients.body(), "id");
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clients/" + clientId + "/enrollment-tokens"))
                .header("Authorization", "Bearer " + apiToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"durability\",\"expiresInHours\":1,\"maxUses\":10,\"autoApprove\":true}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return jsonString(created.body(), "token");
    }

    /** The server as its own JVM (the test's class path, the application's main class), as an operator would run it. */
    private Process start(Path home, int port, int pgPort, String log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), StewardApplication.class.getName(),
                "--steward.home=" + home, "--server.port=" + port, "--steward.tls-port=0", "--steward.db.embedded-port=" + pgPort,
                "--steward.demo.enabled=true", "--steward.demo.history=false", "--steward.demo.live-agents=0", "--logging.file.name=" + temp.resolve(log + ".json"),
                // The burst is faster than an agent's normal budget; the limit is not what this test is about.
                "--steward.devices.agent-requests-per-second=10000", "--steward.devices.agent-request-burst=100000",
                "--steward.telemetry.fold-interval=200ms");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve(log).toFile()).start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(temp.resolve(log)));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start in time: " + Files.readString(temp.resolve(log)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process p) throws Exception {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static ProcessHandle postmaster(Path home) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow();
    }

    /** A killed server can leave its embedded PostgreSQL running; this test started it, so it ends it. */
    private static void stopOrphanedPostgres(Path home) throws Exception {
        Path pid = home.resolve("pgdata").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroy);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
