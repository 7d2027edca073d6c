package io.steward.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged server as a child process of a benchmark, on ports of its own, with its output in {@code home}/server.out. */
public final class ServerProcess {
    private ServerProcess() {
    }

    /**
     * Starts {@code serverJar} on {@code home} with {@code options} and waits until its health is UP (and {@code mustExist},
     * if given, exists), for at most {@code limit}; a server that stopped or did not come up is killed and reported.
     */
    public static Process start(Path serverJar, Path home, int port, int dbPort, List<String> options, Path mustExist, Duration limit)
            throws IOException, InterruptedException {
        return start(serverJar, List.of(), home, port, dbPort, options, mustExist, limit);
    }

    /** As {@link #start(Path, Path, int, int, List, Path, Duration)}, with options of the server's JVM (a flight recording, say). */
    public static Process start(Path serverJar, List<String> jvmOptions, Path home, int port, int dbPort, List<String> options, Path mustExist,
                                Duration limit) throws IOException, InterruptedException {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(),
                "--steward.home=" + home, "--server.port=" + port, "--steward.tls-port=0", "--steward.db.embedded-port=" + dbPort));
        command.addAll(options);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server stopped; see " + home.resolve("server.out"));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP") && (mustExist == null || Files.exists(mustExist))) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start in " + limit.toSeconds() + " s; see " + home.resolve("server.out"));
    }

    /** Stops the server (SIGTERM, then SIGKILL after a minute). */
    public static void stop(Process server) {
        if (server == null) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port free right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
