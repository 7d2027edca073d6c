package io.steward.bench.agents;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server for the bench's tests: the packaged server jar (built by the reactor before
 * this module) started in demo mode as its own process on loopback, with its own home and
 * embedded PostgreSQL, as the bench scripts start it.
 */
final class StewardProcess implements AutoCloseable {
    static final Path JAR = Path.of("..", "server", "target", "steward-server.jar");

    final Path home;
    final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private StewardProcess(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    static StewardProcess start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build the reactor (mvn verify builds the server before bench)");
        }
        Files.createDirectories(Path.of("target"));
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "steward-bench-home-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx768m", "-jar", JAR.toAbsolutePath().toString(), "--demo", "--steward.home=" + home,
                "--server.port=" + port, "--steward.tls-port=0",
                // The benchmarks measure their own load: no demo history or live demo agents beside it.
                "--steward.demo.history=false", "--steward.demo.live-agents=0")
                .redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile()).start();
        StewardProcess server = new StewardProcess(home, port, p);
        try {
            server.awaitUp(Duration.ofMinutes(5));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitUp(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + home.resolve("server.out"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"") && Files.exists(home.resolve("demo-credentials.txt"))) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server was not up after " + patience + "; see " + home.resolve("server.out"));
    }

    String url() {
        return "http://localhost:" + port;
    }

    String apiToken() throws IOException {
        return Files.readAllLines(home.resolve("demo-credentials.txt")).stream().filter(l -> l.startsWith("admin_api_token="))
                .map(l -> l.substring("admin_api_token=".length()).strip()).findFirst().orElseThrow();
    }

    HttpResponse<String> api(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + apiToken())
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An auto-approve enrollment token of the first client: the token, the certificate fingerprint and the HTTPS port. */
    @SuppressWarnings("unchecked")
    Map<String, Object> enrollmentToken(int maxUses) throws IOException, InterruptedException {
        HttpResponse<String> clients = api("GET", "/api/v1/clients?size=1", null);
        if (clients.statusCode() != 200) {
            throw new IllegalStateException("client list: " + clients.statusCode() + " " + clients.body());
        }
        String client = (String) ((Map<String, Object>) ((List<Object>) MiniJson.object(clients.body()).get("items")).getFirst()).get("id");
        HttpResponse<String> created = api("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"bench test\",\"expiresInHours\":1,\"maxUses\":" + maxUses + ",\"autoApprove\":true}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("enrollment token: " + created.statusCode() + " " + created.body());
        }
        return MiniJson.object(created.body());
    }

    @Override
    public void close() throws InterruptedException {
        http.close();
        process.destroy();
        // A graceful stop lets the server shut its embedded PostgreSQL down.
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
