package io.steward.server.devices;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent, as its own process from {@code agent/target/steward-agent.jar}, enrolls against the
 * real server on loopback with a token made through the API; its inventory and metrics (over the agent stream) appear on the
 * device, a breaching test metric opens an incident in the service desk, and clearing it resolves it; an
 * HTTP check configured for the client reaches the agent with its heartbeat and comes back as {@code http.up}.
 */
class RealAgentProcessTest extends IntegrationTest {

    @TempDir
    Path config;
    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theAgentEnrollsAndReportsInventoryAndMetrics() throws Exception {
        Path jar = Path.of("..", "agent", "target", "steward-agent.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build the agent first (the reactor build does: bin/test)").exists();
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"real agent\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        String token = jsonString(created.body(), "token");
        String fingerprint = jsonString(created.body(), "serverFingerprint");
        String https = "https://localhost:" + match(created.body(), "\"httpsPort\":(\\d+)");

        // Over HTTPS the agent trusts exactly the pinned certificate: a wrong fingerprint is refused before anything is sent.
        Path elsewhere = Files.createTempDirectory("steward-agent-wrong");
        Result wrong = run(jar, "enroll", "--server", https, "--token", token, "--fingerprint", "00".repeat(32), "--config-dir", elsewhere.toString());
        assertThat(wrong.exit).as(wrong.output).isNotZero();
        assertThat(Files.exists(elsewhere.resolve("device.key"))).isFalse();

        Result enroll = run(jar, "enroll", "--server", https, "--token", token, "--fingerprint", fingerprint, "--config-dir", config.toString());
        assertThat(enroll.exit).as(enroll.output).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve("device.key")))).isEqualTo("rw-------");
        String deviceId = match(Files.readString(config.resolve("agent.properties")), "deviceId=([0-9a-f-]{36})");

        HttpResponse<String> policy = adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Test breach\",\"metric\":\"test.breach\","
                + "\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":80,\"severity\":\"CRITICAL\",\"clientId\":\"" + clientId + "\"}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        Files.writeString(config.resolve("test-metrics.properties"), "test.breach.disk1=97.5\n");
        // An HTTP check of a local page, configured for the client: the agent gets it with its heartbeat and reports on it.
        com.sun.net.httpserver.HttpServer page = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/health", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        page.start();
        String healthUrl = "http://127.0.0.1:" + page.getAddress().getPort() + "/health";
        Result once;
        double streamBatchesBefore;
        try {
            String monitoring = "/api/v1/clients/" + clientId + "/monitoring";
            String etag = adminApi().getJson(monitoring).headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> configured = adminApi().json("PUT", monitoring, "{\"httpChecks\":[{\"url\":\"" + healthUrl
                    + "\",\"expectedStatus\":204}]}", java.util.Map.of("If-Match", etag));
            assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
            streamBatchesBefore = meters.counter("steward.agent.stream.batches").count();
            once = run(jar, "run", "--once", "--config-dir", config.toString());
        } finally {
            page.stop(0);
        }
        assertThat(once.exit).as(once.output).isZero();
        // The metrics came over the agent stream (protocol v2), not as v1 requests.
        assertThat(meters.counter("steward.agent.stream.batches").count()).as(once.output).isGreaterThan(streamBatchesBefore);

        String device = adminApi().getJson("/api/v1/devices/" + deviceId).body();
        assertThat(device).contains("\"status\":\"APPROVED\"", "\"lastSeenAt\"");
        HttpResponse<String> inventory = adminApi().getJson("/api/v1/devices/" + deviceId + "/inventory");
        assertThat(inventory.statusCode()).isEqualTo(200);
        assertThat(inventory.body()).contains("\"cores\":", "\"osName\":", "\"memoryBytes\":");
        String metrics = adminApi().getJson("/api/v1/devices/" + deviceId + "/metrics").body();
        assertThat(metrics).contains("\"metric\":\"test.breach\"", "\"instance\":\"disk1\"", "97.5", "\"metric\":\"fs.used_pct\"");
        assertThat(metrics).contains("{\"metric\":\"http.up\",\"instance\":\"" + healthUrl + "\",\"value\":1.0");

        // The breaching test metric opened an incident in the client's tier-1 queue, with the contract's SLA.
        String alerts = adminApi().getJson("/api/v1/alerts?state=OPEN").body();
        assertThat(alerts).contains("\"policy\":\"Test breach\"", "\"instance\":\"disk1\"");
        String alert = java.util.Arrays.stream(alerts.split("\\},\\{")).filter(a -> a.contains("\"policy\":\"Test breach\"")).findFirst().orElseThrow();
        String ticketId = match(alert, "\"ticketId\":\"([0-9a-f-]{36})\"");
        String incident = adminApi().getJson("/api/v1/tickets/" + ticketId).body();
        assertThat(incident).contains("\"source\":\"ALERT\"", "\"priority\":\"P1\"", "\"tier\":1", "\"status\":\"NEW\"",
                "Alpine Logistics GmbH", "\"responseDue\"");

        // Clearing it (next run, with the next sequence numbers) resolves the incident by itself.
        Files.writeString(config.resolve("test-metrics.properties"), "test.breach.disk1=42\n");
        Result again = run(jar, "run", "--once", "--config-dir", config.toString());
        assertThat(again.exit).as(again.output).isZero();
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId).body()).contains("\"status\":\"RESOLVED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticketId + "/history").body()).contains("Alert cleared");
        assertThat(adminApi().getJson("/api/v1/alerts?state=RESOLVED").body()).contains(ticketId);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path jar, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes());
        if (!done) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
