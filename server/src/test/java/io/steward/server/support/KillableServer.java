package io.steward.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.steward.server.StewardApplication;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as its own JVM (the test's class path, the application's main class) on a home of the test's, as an
 * operator would run it, for tests that kill it with SIGKILL together with its embedded PostgreSQL and start it again.
 */
public final class KillableServer {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final Path logs;
    private final int pgPort;
    private Process process;
    private int port;

    public KillableServer(Path home, Path logs) throws IOException {
        this.home = home;
        this.logs = logs;
        this.pgPort = freePort();
    }

    /** Starts the server on a new port (the database keeps its port) and waits until it is healthy. */
    public KillableServer start(String log) throws Exception {
        port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), StewardApplication.class.getName(),
                "--steward.home=" + home, "--server.port=" + port, "--steward.tls-port=0", "--steward.db.embedded-port=" + pgPort,
                "--steward.demo.enabled=true", "--steward.demo.history=false", "--steward.demo.live-agents=0", "--logging.file.name=" + logs.resolve(log + ".json"),
                // The burst is faster than an agent's normal budget; the limit is not what these tests are about.
                "--steward.devices.agent-requests-per-second=10000", "--steward.devices.agent-request-burst=100000",
                "--steward.telemetry.fold-interval=200ms");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve(log).toFile()).start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(logs.resolve(log)));
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start in time: " + Files.readString(logs.resolve(log)));
    }

    public String base() {
        return "http://localhost:" + port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + pgPort + "/steward";
    }

    /** SIGKILL to the server and to its embedded PostgreSQL at once: nothing gets to flush or shut down. */
    public void kill() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        process.destroyForcibly();
        postmaster.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle child : backends) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the server if it runs, and a PostgreSQL a killed server left running. */
    public void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Path pid = home.resolve("pgdata").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroy);
        }
    }

    /** An enrollment token (auto-approving, ten uses) of the demo's client Alpine, made with the demo admin's API token. */
    public String enrollmentToken() throws Exception {
        String apiToken = DemoLogins.read(home.resolve("demo-credentials.txt")).adminApiToken();
        HttpResponse<String> clients = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/clients?q=Alpine"))
                .header("Authorization", "Bearer " + apiToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        String clientId = jsonString(clients.body(), "id");
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/clients/" + clientId + "/enrollment-tokens"))
                .header("Authorization", "Bearer " + apiToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"durability\",\"expiresInHours\":1,\"maxUses\":10,\"autoApprove\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return jsonString(created.body(), "token");
    }

    /** After a restart: every acknowledged batch of the device is stored, and each stored batch's samples are in the rollups once. */
    public static void assertAcknowledgedStoredOnce(Connection db, String device, Set<Long> acknowledged, int samplesPerBatch) throws Exception {
        Set<Long> stored = storedSeqs(db, device);
        assertThat(stored).as("acknowledged batches of " + device).containsAll(acknowledged);
        assertThat(samplesIn(db, device)).as("each stored batch exactly once").isEqualTo((long) stored.size() * samplesPerBatch);
    }

    /**
     * After the resends: the device has exactly {@code sent} batches stored and their samples in the rollups once each (the
     * fold writes resent batches within its next interval; more than expected would be a double).
     */
    public static void assertAllStoredOnce(Connection db, String device, long sent, int samplesPerBatch) throws Exception {
        assertThat(storedSeqs(db, device)).hasSize((int) sent);
        long deadline = System.currentTimeMillis() + 30_000;
        while (samplesIn(db, device) < sent * samplesPerBatch && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(samplesIn(db, device)).isEqualTo(sent * samplesPerBatch);
    }

    /** The sequence numbers of the device's stored metric batches. */
    public static Set<Long> storedSeqs(Connection db, String device) throws Exception {
        Set<Long> seqs = new HashSet<>();
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

    /** Samples of the device in the 1-minute rollups: counts add up, so a batch stored twice would show. */
    public static long samplesIn(Connection db, String device) throws Exception {
        try (var ps = db.prepareStatement("SELECT coalesce(sum(count), 0) FROM metric_minute WHERE device_id = ?::uuid")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
