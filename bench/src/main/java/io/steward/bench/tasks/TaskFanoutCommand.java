package io.steward.bench.tasks;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.steward.bench.ServerProcess;
import io.steward.signer.state.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * One task to many online agents (issue 17, target p95 &lt; 5 s from approval to the start on each agent). Per run: a
 * fresh home, the packaged server as a child process with its child signer, two staff people (the demo admin with its
 * TOTP, the demo service manager who turns TOTP on) with software passkeys registered through identity's API and
 * trusted through the signer's host command line, a script, N simulated agents enrolled and long-polling, then a
 * task on all of them requested, signed and approved through the API. t0 is when the approval's answer arrived.
 */
@Command(name = "task-fanout", mixinStandardHelpOptions = true,
        description = "Approval to start of one task on N simulated long-polling agents, 3 runs with a fresh server each.")
public final class TaskFanoutCommand implements Callable<Integer> {
    @Option(names = "--server-jar", required = true, description = "server/target/steward-server.jar")
    Path serverJar;
    @Option(names = "--signer-jar", required = true, description = "signer/target/steward-signer.jar (the server starts it as its child)")
    Path signerJar;
    @Option(names = "--home", required = true, description = "directory for the runs' homes (run1, run2, …; each emptied first)")
    Path home;
    @Option(names = "--agents", defaultValue = "1000", description = "simulated agents (default ${DEFAULT-VALUE})")
    int agents;
    @Option(names = "--runs", defaultValue = "3", description = "runs, each with a fresh home and server (default ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--server-option", description = "an extra server option, e.g. --steward.db.pool-size=30 (repeatable)")
    List<String> serverOptions = new ArrayList<>();
    @Option(names = "--enroll-concurrency", defaultValue = "8", description = "enrollments in flight (default ${DEFAULT-VALUE})")
    int enrollConcurrency;

    private static final String SCRIPT = "echo started\n";

    /**
     * Per run: seen p50, p95, p99, max, RUNNING stored p50, p95, p99, approval request ms, server CPU s, PostgreSQL CPU s,
     * errors, agents that never got the order, DELIVERED stored p95 (for the test; the output prints them).
     */
    final List<double[]> results = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        results.clear();
        for (int r = 1; r <= runs; r++) {
            Path runHome = home.resolve("run" + r);
            deleteTree(runHome);
            results.add(run(runHome, r));
        }
        String[] names = {"seen p50", "seen p95", "seen p99", "seen max", "RUNNING stored p50", "RUNNING stored p95", "RUNNING stored p99",
                "approval request ms", "server CPU s", "PostgreSQL CPU s", "errors", "missing", "DELIVERED stored p95"};
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "task-fanout medians of %d runs (%d agents), ms after the approval's answer:", runs, agents));
        for (int i = 0; i < names.length; i++) {
            final int k = i;
            double[] v = results.stream().mapToDouble(x -> x[k]).sorted().toArray();
            b.append(String.format(Locale.ROOT, "%n  %-26s %9.1f (%.1f–%.1f)", names[i], v[v.length / 2], v[0], v[v.length - 1]));
        }
        System.out.println(b);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
        return 0;
    }

    private double[] run(Path runHome, int number) throws Exception {
        int port = ServerProcess.freePort();
        int dbPort = ServerProcess.freePort();
        String base = "http://localhost:" + port;
        // The origin the task assertions are made at (the page people sign on): the one place to change when it moves.
        String signingOrigin = base;
        List<String> options = new ArrayList<>(List.of("--steward.demo.enabled=true", "--steward.demo.live-agents=0",
                "--steward.automation.signer.jar=" + signerJar.toAbsolutePath()));
        options.addAll(serverOptions);
        Process server = ServerProcess.start(serverJar, runHome, port, dbPort, options, runHome.resolve("demo-credentials.txt"), Duration.ofSeconds(300));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor();
        stopped = false;
        try {
            List<String> credentials = Files.readAllLines(runHome.resolve("demo-credentials.txt"));
            String apiToken = credentials.stream().filter(l -> l.startsWith("admin_api_token=")).findFirst().orElseThrow().substring("admin_api_token=".length());
            String[] admin = user(credentials, "admin@demo.steward.test");
            String[] manager = user(credentials, "manager@demo.steward.test");
            StaffSession requester = StaffSession.signIn(base, admin[1], admin[2], admin[admin.length - 1]);
            StaffSession approver = StaffSession.signIn(base, manager[1], manager[2], manager[manager.length - 1]);
            approver.enableMfa();
            for (StaffSession s : List.of(requester, approver)) {
                s.registerPasskey("localhost", base);
                trustOnSignerHost(runHome.resolve("signer"), s);
            }
            Api api = new Api(http, base, apiToken);
            String tag = UUID.randomUUID().toString().substring(0, 6);
            String client = api.post("/api/v1/clients", "{\"name\":\"Fan-out " + tag + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}")
                    .path("id").asString();
            String token = api.post("/api/v1/clients/" + client + "/enrollment-tokens", "{\"name\":\"fan-out\",\"expiresInHours\":2,\"maxUses\":" + agents
                    + ",\"autoApprove\":true}").path("token").asString();
            String version = api.post("/api/v1/scripts", "{\"name\":\"Fan-out " + tag + "\",\"interpreter\":\"sh\",\"operatingSystems\":[\"linux\"],\"body\":"
                    + JsonFiles.JSON.writeValueAsString(SCRIPT) + ",\"timeoutSeconds\":60}").path("latest").path("id").asString();

            long enrollStart = System.nanoTime();
            List<TaskAgent> fleet = enroll(http, base, token, tag);
            System.out.printf(Locale.ROOT, "run %d: enrolled %d agents in %.1f s%n", number, fleet.size(), (System.nanoTime() - enrollStart) / 1e9);
            Map<String, LongAdder> errors = TaskAgent.newErrors();
            for (TaskAgent a : fleet) {
                pollers.submit(() -> a.pollLoop(http, base, () -> stopped, errors));
            }
            // Online: every agent's first poll sent, and a moment for the server to hold them all.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (fleet.stream().anyMatch(a -> a.pollsSent.get() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(3000);

            String draft = "{\"clientId\":\"" + client + "\",\"scriptVersionId\":\"" + version + "\",\"parameters\":{},\"targetKind\":\"CLIENT\",\"targetId\":\""
                    + client + "\",\"schedule\":\"now\",\"maxConcurrent\":" + agents + "}";
            JsonNode proposal = requester.json("POST", "/api/v1/tasks/preview", draft, 200);
            String challenge = proposal.path("challenge").asString();
            byte[] digest = java.util.Base64.getUrlDecoder().decode(challenge);
            JsonNode task = requester.json("POST", "/api/v1/tasks", "{\"draft\":" + draft + ",\"taskId\":\"" + proposal.path("taskId").asString()
                    + "\",\"preparedAt\":\"" + proposal.path("preparedAt").asString() + "\",\"assertion\":"
                    + StaffSession.assertionJson(requester.passkey.assertion(digest, "localhost", signingOrigin)) + "}", 201);
            String taskId = task.path("id").asString();
            JsonNode toApprove = approver.json("GET", "/api/v1/tasks/" + taskId + "/approval", null, 200);
            byte[] approveDigest = java.util.Base64.getUrlDecoder().decode(toApprove.path("challenge").asString());
            String decision = "{\"decision\":\"APPROVE\",\"assertion\":"
                    + StaffSession.assertionJson(approver.passkey.assertion(approveDigest, "localhost", signingOrigin)) + "}";

            long[] cpuBefore = cpu(server, runHome);
            long sent = System.nanoTime();
            approver.json("POST", "/api/v1/tasks/" + taskId + "/approval", decision, 200);
            long t0 = System.nanoTime();
            long t0Wall = System.currentTimeMillis();
            deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (fleet.stream().anyMatch(a -> !a.succeeded) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long[] cpuAfter = cpu(server, runHome);
            double seconds = (System.nanoTime() - sent) / 1e9;
            stopped = true;

            double[] seen = fleet.stream().filter(a -> a.orderSeenNanos != 0).mapToDouble(a -> (a.orderSeenNanos - t0) / 1e6).sorted().toArray();
            double[] running = stored(dbPort, taskId, t0Wall, "started_at");
            double[] delivered = stored(dbPort, taskId, t0Wall, "delivered_at");
            long missing = fleet.stream().filter(a -> a.orderSeenNanos == 0).count();
            long notDone = fleet.stream().filter(a -> !a.succeeded).count();
            Map<String, Long> byKind = new TreeMap<>();
            errors.forEach((k, v) -> byKind.put(k, v.sum()));
            long errorCount = byKind.values().stream().mapToLong(Long::longValue).sum();
            double serverCpu = (cpuAfter[0] - cpuBefore[0]) / 100.0;
            double signerCpu = (cpuAfter[1] - cpuBefore[1]) / 100.0;
            double pgCpu = (cpuAfter[2] - cpuBefore[2]) / 100.0;
            double benchCpu = (cpuAfter[3] - cpuBefore[3]) / 100.0;
            System.out.printf(Locale.ROOT, "run %d: approval request %.0f ms; order seen by the agent, ms after the approval's answer: p50 %.0f p95 %.0f p99 %.0f "
                            + "max %.0f (n=%d, %d never got it, %d not SUCCEEDED); DELIVERED stored (server clock): p50 %.0f p95 %.0f p99 %.0f; "
                            + "RUNNING stored: p50 %.0f p95 %.0f p99 %.0f (n=%d)%n",
                    number, (t0 - sent) / 1e6, pct(seen, 50), pct(seen, 95), pct(seen, 99), pct(seen, 100), seen.length, missing, notDone,
                    pct(delivered, 50), pct(delivered, 95), pct(delivered, 99), pct(running, 50), pct(running, 95), pct(running, 99), running.length);
            System.out.printf(Locale.ROOT, "run %d: CPU over the %.1f s from approval to the last SUCCEEDED: server JVM %.1f s (%.0f %% of one core), "
                            + "PostgreSQL %.1f s, signer %.1f s, this simulator %.1f s; load average %s; errors: %s%n", number, seconds, serverCpu,
                    100 * serverCpu / seconds, pgCpu, signerCpu, benchCpu, loadAverage(),
                    byKind.isEmpty() ? "none" : byKind);
            return new double[] {pct(seen, 50), pct(seen, 95), pct(seen, 99), pct(seen, 100), pct(running, 50), pct(running, 95), pct(running, 99),
                    (t0 - sent) / 1e6, serverCpu, pgCpu, errorCount, missing, pct(delivered, 95)};
        } finally {
            stopped = true;
            pollers.shutdownNow();
            ServerProcess.stop(server);
            pollers.awaitTermination(30, TimeUnit.SECONDS);
            http.close();
        }
    }

    /** Set when a run's pollers must stop (one run at a time). */
    private volatile boolean stopped;

    private List<TaskAgent> enroll(HttpClient http, String base, String token, String tag) throws Exception {
        Semaphore permits = new Semaphore(enrollConcurrency);
        List<Future<TaskAgent>> pending = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < agents; i++) {
                String hostname = String.format("fan-%s-%05d", tag, i);
                permits.acquire();
                pending.add(pool.submit(() -> {
                    try {
                        return TaskAgent.enroll(http, base, token, hostname);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<TaskAgent> fleet = new ArrayList<>();
        for (Future<TaskAgent> f : pending) {
            fleet.add(f.get());
        }
        return fleet;
    }

    /** The signer's host command line, as an operator types it on the signer's host: trusts the person's passkey. */
    private void trustOnSignerHost(Path signerHome, StaffSession s) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                signerJar.toAbsolutePath().toString(), "trust", "add", "--home", signerHome.toString(), "--person", s.userId, "--name", s.displayName,
                "--credential-id", s.passkey.credentialId(), "--public-key", s.passkey.publicKeyCose(), "--approver"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("steward-signer trust add failed: " + out);
        }
    }

    /** A time column of the task's runs (the server's clock: delivered_at when handed out, started_at when RUNNING was stored), ms after t0. */
    private static double[] stored(int dbPort, String taskId, long t0Wall, String column) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/steward", "steward_owner", "")) {
            db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
            try (PreparedStatement ps = db.prepareStatement("SELECT extract(epoch FROM " + column + ") * 1000 FROM task_run WHERE task_id = ? AND " + column + " IS NOT NULL")) {
                ps.setObject(1, UUID.fromString(taskId));
                List<Double> v = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        v.add(rs.getDouble(1) - t0Wall);
                    }
                }
                return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            }
        }
    }

    /**
     * CPU ticks (utime + stime) of the server JVM, of its child processes (the signer), of the embedded PostgreSQL (its
     * postmaster, from {@code pgdata/postmaster.pid}, is not the server's child: pg_ctl detaches it) and its backends, and
     * of this simulator's JVM.
     */
    private static long[] cpu(Process server, Path runHome) {
        long own = ticks(server.pid());
        long children = server.toHandle().descendants().mapToLong(h -> ticks(h.pid())).sum();
        long pg = 0;
        try {
            long postmaster = Long.parseLong(Files.readAllLines(runHome.resolve("pgdata/postmaster.pid")).getFirst().trim());
            pg = ticks(postmaster) + ProcessHandle.of(postmaster).map(h -> h.descendants().mapToLong(d -> ticks(d.pid())).sum()).orElse(0L);
        } catch (Exception e) {
            pg = -1;
        }
        return new long[] {own, children, pg, ticks(ProcessHandle.current().pid())};
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (Exception e) {
            return "?";
        }
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String[] user(List<String> credentials, String email) {
        return credentials.stream().filter(l -> l.startsWith("user " + email + " ")).map(l -> l.split(" ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + email + " in demo-credentials.txt"));
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    /** The public API with the demo admin's token. */
    private record Api(HttpClient http, String base, String token) {
        JsonNode post(String path, String body) throws Exception {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JsonFiles.JSON.readTree(r.body());
        }
    }
}
