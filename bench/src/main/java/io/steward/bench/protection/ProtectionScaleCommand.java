package io.steward.bench.protection;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.steward.bench.ServerCpu;
import io.steward.bench.ServerProcess;
import io.steward.bench.patches.ScanningDevice;
import io.steward.bench.servicedesk.Latencies;
import io.steward.bench.tasks.StaffSession;
import io.steward.signer.state.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server storing a fleet's security check results and their history, and one large client's coverage and security
 * views (issue 19). Per run: a fresh home and packaged server (heartbeat period 1 h: the devices send none); one
 * "coverage" client with {@code --coverage-devices} devices (each also posts its inventory and one backup report; the
 * client's backup policy covers all devices) and {@code --clients} other clients; devices enrolled and signing like real
 * agents ({@link ScanningDevice}). Shape A: {@code --devices} devices
 * (the coverage client's among them) post {@code --rounds} rounds of their 9 checks, one request per device and round;
 * round 1 creates every result, later rounds carry {@link CheckFleet}'s churn (episodes opened, closed, still failing).
 * Shape B: devices added up to {@code --rate-devices} (the result rate of 20 checks on 10,000 devices: 22,223 x 9 >=
 * 200,000 results), their first round, then {@code --rounds - 1} rounds of all of them. A round is one hour of the fleet
 * delivered as fast as {@code --concurrency} requests in flight allow; its CPU-seconds are the CPU of one hour of rounds.
 * Then the hourly compliance finding sweep's work (every client's findings reconciled through the API), the tables'
 * sizes, and the coverage client's views timed sequentially by the demo admin (API token; signed-in session for pages).
 */
@Command(name = "protection-scale", mixinStandardHelpOptions = true,
        description = "A fleet's hourly security check rounds into a fresh server (CPU per hour of rounds), then a 2,000-device client's coverage "
                + "and security views' latency.")
public final class ProtectionScaleCommand implements Callable<Integer> {
    @Option(names = "--server-jar", required = true, description = "server/target/steward-server.jar")
    Path serverJar;
    @Option(names = "--home", required = true, description = "directory for the runs' homes (run1, run2, …; each emptied first)")
    Path home;
    @Option(names = "--devices", defaultValue = "10000", description = "devices of shape A, the coverage client's included (default ${DEFAULT-VALUE})")
    int devices;
    @Option(names = "--rate-devices", defaultValue = "22223", description = "devices of shape B (0: no shape B) (default ${DEFAULT-VALUE})")
    int rateDevices;
    @Option(names = "--coverage-devices", defaultValue = "2000", description = "devices of the coverage client (default ${DEFAULT-VALUE})")
    int coverageDevices;
    @Option(names = "--clients", defaultValue = "40", description = "other clients the rest of the devices are spread over (default ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--rounds", defaultValue = "4", description = "rounds per shape, the first included (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--failing", defaultValue = "0.10", description = "share of checks failing at any time (default ${DEFAULT-VALUE})")
    double failing;
    @Option(names = "--flip", defaultValue = "0.03", description = "share of checks changing pass<->fail per round (default ${DEFAULT-VALUE})")
    double flip;
    @Option(names = "--inventory-packages", defaultValue = "700", description = "installed packages in the inventory each coverage-client device "
            + "sends (0: none) (default ${DEFAULT-VALUE})")
    int inventoryPackages;
    @Option(names = "--runs", defaultValue = "3", description = "runs, each with a fresh home and server (default ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--concurrency", defaultValue = "8", description = "requests (and enrollments) in flight (default ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--idle-seconds", defaultValue = "30", description = "idle CPU measured this long before the rounds (default ${DEFAULT-VALUE})")
    int idleSeconds;
    @Option(names = "--warmup", defaultValue = "5", description = "unmeasured requests per view (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--requests", defaultValue = "100", description = "measured sequential requests per view and run (default ${DEFAULT-VALUE})")
    int requests;
    @Option(names = "--view-seconds", defaultValue = "180", description = "at most this long per view and run (default ${DEFAULT-VALUE})")
    int viewSeconds;
    @Option(names = "--keep-seconds", defaultValue = "0", description = "keep the last run's server up this long after it (for EXPLAIN, profiles)")
    int keepSeconds;
    @Option(names = "--server-option", description = "an extra server option (repeatable)")
    List<String> serverOptions = new ArrayList<>();
    @Option(names = "--jvm-option", description = "an extra JVM option of the server (repeatable), e.g. -XX:StartFlightRecording=filename=x.jfr")
    List<String> jvmOptions = new ArrayList<>();

    final List<Map<String, Double>> results = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (coverageDevices > devices || rateDevices != 0 && rateDevices < devices || rounds < 2) {
            throw new IllegalArgumentException("--coverage-devices <= --devices <= --rate-devices (or 0), and --rounds >= 2");
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", Java " + Runtime.version()
                + ", load at start " + ServerCpu.loadAverage());
        for (int r = 1; r <= runs; r++) {
            Path runHome = home.resolve("run" + r);
            deleteTree(runHome);
            results.add(run(runHome, r, r == runs ? keepSeconds : 0));
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "protection-scale medians of %d runs (shape A %d devices, shape B %d, coverage "
                + "client %d, %d other clients, %d rounds, failing %.2f, flip %.2f), (min–max):", runs, devices, rateDevices, coverageDevices, clients,
                rounds, failing, flip));
        for (String name : results.getFirst().keySet()) {
            double[] v = results.stream().mapToDouble(x -> x.getOrDefault(name, Double.NaN)).toArray();
            b.append(String.format(Locale.ROOT, "%n  %-64s %s", name, Latencies.medianMinMax(v)));
        }
        System.out.println(b);
        System.out.println("load at end " + ServerCpu.loadAverage());
        return 0;
    }

    private Map<String, Double> run(Path runHome, int number, int keep) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        int port = ServerProcess.freePort();
        int dbPort = ServerProcess.freePort();
        String base = "http://localhost:" + port;
        // The simulated devices send no heartbeats (their cost is shape B of the protocol, not this): with the default 30 s
        // the offline watch would raise an alert and incident for every one of them minutes after enrollment.
        List<String> options = new ArrayList<>(List.of("--steward.demo.enabled=true", "--steward.demo.live-agents=0",
                "--steward.devices.heartbeat-seconds=3600"));
        options.addAll(serverOptions);
        Process server = ServerProcess.start(serverJar, jvmOptions, runHome, port, dbPort, options, runHome.resolve("demo-credentials.txt"),
                Duration.ofSeconds(600));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            System.out.printf(Locale.ROOT, "run %d: server up, load %s%n", number, ServerCpu.loadAverage());
            List<String> credentials = Files.readAllLines(runHome.resolve("demo-credentials.txt"));
            String apiToken = credentials.stream().filter(l -> l.startsWith("admin_api_token=")).findFirst().orElseThrow()
                    .substring("admin_api_token=".length());
            int all = Math.max(devices, rateDevices);
            String coverage = api(http, base, apiToken, "POST", "/api/v1/clients", "{\"name\":\"Coverage client\",\"timeZone\":\"Europe/Berlin\","
                    + "\"status\":\"ACTIVE\"}").path("id").asString();
            String coverageToken = token(http, base, apiToken, coverage, coverageDevices);
            api(http, base, apiToken, "PUT", "/api/v1/backup/clients/" + coverage + "/policy", "{\"scope\":\"ALL\"}", "\"0\"");
            List<String> clientIds = new ArrayList<>(List.of(coverage));
            List<String> tokens = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String id = api(http, base, apiToken, "POST", "/api/v1/clients", "{\"name\":\"Protection fleet " + String.format("%03d", c)
                        + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}").path("id").asString();
                clientIds.add(id);
                tokens.add(token(http, base, apiToken, id, (all - coverageDevices) / clients + 2));
            }
            java.util.function.IntFunction<String> tokenOf = i -> i < coverageDevices ? coverageToken : tokens.get(i % clients);

            long start = System.nanoTime();
            List<ScanningDevice> fleetA = enroll(http, base, pool, tokenOf, 0, devices);
            double enrollSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: enrolled %d devices in %.1f s; load %s%n", number, devices, enrollSeconds, ServerCpu.loadAverage());
            out.put("enrollment of shape A's devices s", enrollSeconds);

            ServerCpu cpu = new ServerCpu(server, runHome);
            CheckFleet checks = new CheckFleet(number, failing, flip);
            checks.grow(all);
            Rounds rounds = new Rounds(http, base, pool, cpu, checks, all);
            List<ScanningDevice> coverageFleet = fleetA.subList(0, coverageDevices);
            if (inventoryPackages > 0) {
                Rounds.Round inventory = rounds.inventories("run " + number + ", inventories of the coverage client (" + inventoryPackages + " packages)",
                        coverageFleet, inventoryPackages);
                System.out.println(inventory.line());
                out.put("inventories: errors", (double) inventory.errors());
            }
            Rounds.Round backup = rounds.backups("run " + number + ", backup reports of the coverage client", coverageFleet, number);
            System.out.println(backup.line());
            out.put("backup reports: errors", (double) backup.errors());

            double[] idle0 = cpu.seconds();
            Thread.sleep(idleSeconds * 1000L);
            double[] idle1 = cpu.seconds();
            double idleServer = (idle1[0] - idle0[0]) * 60 / idleSeconds;
            double idlePg = (idle1[1] - idle0[1]) * 60 / idleSeconds;
            System.out.printf(Locale.ROOT, "run %d: idle CPU per minute: server %.2f s, PostgreSQL %.2f s%n", number, idleServer, idlePg);
            out.put("idle CPU per minute: server s", idleServer);
            out.put("idle CPU per minute: PostgreSQL s", idlePg);

            shape(out, "A", rounds, fleetA, List.of(), number);
            if (rateDevices > devices) {
                start = System.nanoTime();
                List<ScanningDevice> added = enroll(http, base, pool, tokenOf, devices, rateDevices);
                System.out.printf(Locale.ROOT, "run %d: enrolled %d more devices in %.1f s; load %s%n", number, added.size(),
                        (System.nanoTime() - start) / 1e9, ServerCpu.loadAverage());
                List<ScanningDevice> fleetB = new ArrayList<>(fleetA);
                fleetB.addAll(added);
                shape(out, "B", rounds, fleetB, added, number);
            }
            System.out.printf(Locale.ROOT, "run %d: failing share of the fleet's checks now %.3f%n", number, checks.failingShare());

            sweep(out, http, base, apiToken, clientIds, cpu, number);
            sizes(out, dbPort, coverage, number);
            vacuumAnalyze(dbPort);

            StaffSession admin = signInAdmin(base, credentials);
            Views views = new Views(http, base, apiToken, admin);
            // The framework with the most controls (NIST CSF 2.0: every fact maps into it), not the page's default (the first by id).
            String framework = null;
            int most = -1;
            for (tools.jackson.databind.JsonNode f : JsonFiles.JSON.readTree(views.get("/api/v1/compliance/frameworks").body())) {
                if (f.path("controls").asInt() > most) {
                    most = f.path("controls").asInt();
                    framework = f.path("id").asString();
                }
            }
            System.out.printf(Locale.ROOT, "run %d: coverage client: %s%n", number, views.verify(coverage, framework, coverageDevices));
            out.putAll(views.time(coverage, framework, warmup, requests, viewSeconds, number));
            if (keep > 0) {
                System.out.printf(Locale.ROOT, "server kept up %d s: %s, database jdbc:postgresql://localhost:%d/steward (steward_owner), coverage client %s%n",
                        keep, base, dbPort, coverage);
                Thread.sleep(keep * 1000L);
            }
        } finally {
            pool.shutdownNow();
            ServerProcess.stop(server);
        }
        return out;
    }

    /** Round 1 of {@code firsts} (all of {@code fleet} when empty), then rounds 2..R of all of {@code fleet}; figures per hour of rounds. */
    private void shape(Map<String, Double> out, String shape, Rounds rounds, List<ScanningDevice> fleet, List<ScanningDevice> firsts, int number)
            throws Exception {
        List<ScanningDevice> first = firsts.isEmpty() ? fleet : firsts;
        Rounds.Round r1 = rounds.checks("run " + number + ", shape " + shape + " round 1 (" + (firsts.isEmpty() ? "first of every device"
                : "first of the " + firsts.size() + " added devices") + ")", first);
        System.out.println(r1.line());
        String p = "shape " + shape + " (" + fleet.size() + " devices) ";
        out.put(p + "first round: requests", (double) r1.requests());
        out.put(p + "first round: s", r1.seconds());
        out.put(p + "first round: server CPU s", r1.serverCpu());
        out.put(p + "first round: PostgreSQL CPU s", r1.pgCpu());
        out.put(p + "first round: errors", (double) r1.errors());
        List<Rounds.Round> steady = new ArrayList<>();
        for (int n = 2; n <= this.rounds; n++) {
            Rounds.Round r = rounds.checks("run " + number + ", shape " + shape + " round " + n, fleet);
            System.out.println(r.line());
            steady.add(r);
        }
        double server = steady.stream().mapToDouble(Rounds.Round::serverCpu).average().orElseThrow();
        double pg = steady.stream().mapToDouble(Rounds.Round::pgCpu).average().orElseThrow();
        double seconds = steady.stream().mapToDouble(Rounds.Round::seconds).average().orElseThrow();
        long[] all = steady.stream().flatMapToLong(r -> java.util.Arrays.stream(r.latency().sortedNanos())).toArray();
        Latencies l = Latencies.of(all);
        System.out.printf(Locale.ROOT, "run %d, shape %s steady rounds (mean of %d): %.1f s per round, %.0f req/s, %.0f results/s; CPU per hour of rounds: "
                        + "server %.1f s (%.2f %% of a core), PostgreSQL %.1f s (%.2f %%); request p50 %.1f p99 %.1f ms%n", number, shape, steady.size(),
                seconds, fleet.size() / seconds, fleet.size() * CheckFleet.COUNT / seconds, server, server / 36, pg, pg / 36, l.percentileMs(50),
                l.percentileMs(99));
        out.put(p + "steady round: s", seconds);
        out.put(p + "steady round: requests/s", fleet.size() / seconds);
        out.put(p + "steady round: results per hour of rounds", (double) fleet.size() * CheckFleet.COUNT);
        out.put(p + "steady round: episodes opened", steady.stream().mapToDouble(Rounds.Round::opened).average().orElseThrow());
        out.put(p + "steady round: episodes closed", steady.stream().mapToDouble(Rounds.Round::closed).average().orElseThrow());
        out.put(p + "steady round: still failing", steady.stream().mapToDouble(Rounds.Round::stillFailing).average().orElseThrow());
        out.put(p + "steady: server CPU s per hour of rounds", server);
        out.put(p + "steady: PostgreSQL CPU s per hour of rounds", pg);
        out.put(p + "steady: server + PostgreSQL, % of one core over an hour", (server + pg) / 36);
        out.put(p + "steady: server CPU ms per request", server * 1000 / fleet.size());
        out.put(p + "steady: PostgreSQL CPU ms per request", pg * 1000 / fleet.size());
        out.put(p + "steady: request p50 ms", l.percentileMs(50));
        out.put(p + "steady: request p99 ms", l.percentileMs(99));
        out.put(p + "steady: errors", steady.stream().mapToDouble(Rounds.Round::errors).sum());
    }

    private List<ScanningDevice> enroll(HttpClient http, String base, ExecutorService pool, java.util.function.IntFunction<String> tokenOf, int from,
                                        int to) throws Exception {
        List<Future<ScanningDevice>> pending = new ArrayList<>();
        for (int i = from; i < to; i++) {
            final int index = i;
            pending.add(pool.submit(() -> ScanningDevice.enroll(http, base, tokenOf.apply(index), String.format("prot-%05d", index), index)));
        }
        List<ScanningDevice> out = new ArrayList<>();
        for (Future<ScanningDevice> f : pending) {
            out.add(f.get());
        }
        return out;
    }

    /** The hourly finding sweep's work: every bench client's coverage of every framework reconciled into findings, through the API. */
    private static void sweep(Map<String, Double> out, HttpClient http, String base, String apiToken, List<String> clientIds, ServerCpu cpu, int number)
            throws Exception {
        double[] before = cpu.seconds();
        long start = System.nanoTime();
        for (String id : clientIds) {
            api(http, base, apiToken, "POST", "/api/v1/compliance/clients/" + id + "/findings/reconcile", "");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] after = cpu.seconds();
        System.out.printf(Locale.ROOT, "run %d: findings reconciled for %d clients in %.1f s; CPU s: server %.1f, PostgreSQL %.1f%n", number,
                clientIds.size(), seconds, after[0] - before[0], after[1] - before[1]);
        out.put("finding sweep (all clients): s", seconds);
        out.put("finding sweep: server CPU s", after[0] - before[0]);
        out.put("finding sweep: PostgreSQL CPU s", after[1] - before[1]);
    }

    private static void sizes(Map<String, Double> out, int dbPort, String coverage, int number) throws Exception {
        try (Connection db = owner(dbPort)) {
            StringBuilder b = new StringBuilder("run " + number + ": tables after the rounds:");
            try (ResultSet rs = db.createStatement().executeQuery("""
                    SELECT t, pg_total_relation_size(t::regclass) FROM unnest(ARRAY['security_result', 'security_episode', 'agent_message',
                        'backup_job', 'backup_attempt']) t WHERE to_regclass(t) IS NOT NULL""")) {
                while (rs.next()) {
                    double mb = rs.getLong(2) / 1e6;
                    out.put("size MB: " + rs.getString(1), mb);
                    b.append(String.format(Locale.ROOT, " %s %.1f MB;", rs.getString(1), mb));
                }
            }
            try (ResultSet rs = db.createStatement().executeQuery("SELECT (SELECT count(*) FROM security_result), (SELECT count(*) FROM security_episode), "
                    + "(SELECT count(*) FROM security_episode WHERE fixed_at IS NULL), (SELECT count(*) FROM security_episode WHERE client_id = '"
                    + coverage + "')")) {
                rs.next();
                b.append(String.format(Locale.ROOT, " rows: results %d, episodes %d (open %d), episodes of the coverage client %d", rs.getLong(1),
                        rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                out.put("rows: security_result", (double) rs.getLong(1));
                out.put("rows: security_episode", (double) rs.getLong(2));
                out.put("rows: episodes of the coverage client", (double) rs.getLong(4));
            }
            System.out.println(b);
        }
    }

    /** As autovacuum would have by then on a live system: fresh statistics before the views are timed. */
    private static void vacuumAnalyze(int dbPort) throws Exception {
        try (Connection db = owner(dbPort)) {
            db.createStatement().execute("VACUUM (ANALYZE)");
        }
    }

    private static Connection owner(int dbPort) throws Exception {
        Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/steward", "steward_owner", "");
        db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
        return db;
    }

    private static String token(HttpClient http, String base, String apiToken, String client, int uses) throws Exception {
        return api(http, base, apiToken, "POST", "/api/v1/clients/" + client + "/enrollment-tokens", "{\"name\":\"bench\",\"expiresInHours\":8,"
                + "\"maxUses\":" + uses + ",\"autoApprove\":true}").path("token").asString();
    }

    private static StaffSession signInAdmin(String base, List<String> credentials) throws Exception {
        String[] admin = credentials.stream().filter(l -> l.startsWith("user admin@demo.steward.test ")).map(l -> l.split(" ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no admin in demo-credentials.txt"));
        return StaffSession.signIn(base, admin[1], admin[2], admin[admin.length - 1]);
    }

    private static tools.jackson.databind.JsonNode api(HttpClient http, String base, String token, String method, String path, String body) throws Exception {
        return api(http, base, token, method, path, body, null);
    }

    private static tools.jackson.databind.JsonNode api(HttpClient http, String base, String token, String method, String path, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isBlank() ? JsonFiles.JSON.createObjectNode() : JsonFiles.JSON.readTree(r.body());
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }
}
