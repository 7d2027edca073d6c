package io.steward.bench.patches;

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
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.bench.ServerCpu;
import io.steward.bench.ServerProcess;
import io.steward.bench.servicedesk.Latencies;
import io.steward.bench.tasks.StaffSession;
import io.steward.protocol.patch.PatchMessages;
import io.steward.signer.state.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server taking a fleet's patch scans and answering the patch views at that size (issue 18). Per run: a fresh home
 * and server, C clients with an auto-approving enrollment token each, N simulated devices enrolled through them, then
 * every device posts its scan ({@link SyntheticScans}, ~100 updates, signed, {@code concurrency} in flight): the first
 * round stores everything, the second is the next day's rescan (~5 % installed, ~5 % new). Then the patch tables' size,
 * and N sequential requests of each view (the fleet compliance API and page, CVE exposure for the fleet's most widespread
 * CVE and for a mid one) by the demo admin: API token for the API, a signed-in session for the page.
 */
@Command(name = "patch-scale", mixinStandardHelpOptions = true,
        description = "N devices' patch scans into a fresh server, the patch tables' size, then the compliance and CVE exposure views' latency.")
public final class PatchScaleCommand implements Callable<Integer> {
    @Option(names = "--server-jar", required = true, description = "server/target/steward-server.jar")
    Path serverJar;
    @Option(names = "--home", required = true, description = "directory for the runs' homes (run1, run2, …; each emptied first)")
    Path home;
    @Option(names = "--devices", defaultValue = "10000", description = "simulated devices (default ${DEFAULT-VALUE})")
    int devices;
    @Option(names = "--clients", defaultValue = "50", description = "clients the devices are spread over (default ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--runs", defaultValue = "3", description = "runs, each with a fresh home and server (default ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--concurrency", defaultValue = "8", description = "scans (and enrollments) in flight (default ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--requests", defaultValue = "50", description = "sequential requests per view and run, after 3 unmeasured (default ${DEFAULT-VALUE})")
    int requests;
    @Option(names = "--view-seconds", defaultValue = "120", description = "at most this long per view and run (default ${DEFAULT-VALUE})")
    int viewSeconds;
    @Option(names = "--keep-seconds", defaultValue = "0", description = "keep the last run's server up this long after it (for EXPLAIN, profiles)")
    int keepSeconds;
    @Option(names = "--skip-page", description = "leave out the /patches page (minutes per request at 10,000 devices; see BENCHMARKS.md)")
    boolean skipPage;
    @Option(names = "--server-option", description = "an extra server option (repeatable)")
    List<String> serverOptions = new ArrayList<>();

    /** Per run, by figure name (the output prints their medians). */
    final List<Map<String, Double>> results = new ArrayList<>();

    static final String WIDE_CVE = SyntheticScans.cves(0).getFirst();
    static final String MID_CVE = SyntheticScans.cves(100).getFirst();

    @Override
    public Integer call() throws Exception {
        results.clear();
        for (int r = 1; r <= runs; r++) {
            Path runHome = home.resolve("run" + r);
            deleteTree(runHome);
            results.add(run(runHome, r, r == runs ? keepSeconds : 0));
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "patch-scale medians of %d runs (%d devices, %d clients), (min–max):", runs,
                devices, clients));
        for (String name : results.getFirst().keySet()) {
            double[] v = results.stream().mapToDouble(x -> x.getOrDefault(name, Double.NaN)).toArray();
            b.append(String.format(Locale.ROOT, "%n  %-44s %s", name, Latencies.medianMinMax(v)));
        }
        System.out.println(b);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", load " + ServerCpu.loadAverage());
        return 0;
    }

    private Map<String, Double> run(Path runHome, int number, int keep) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        int port = ServerProcess.freePort();
        int dbPort = ServerProcess.freePort();
        String base = "http://localhost:" + port;
        List<String> options = new ArrayList<>(List.of("--steward.demo.enabled=true", "--steward.demo.live-agents=0"));
        options.addAll(serverOptions);
        Process server = ServerProcess.start(serverJar, runHome, port, dbPort, options, runHome.resolve("demo-credentials.txt"), Duration.ofSeconds(600));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            List<String> credentials = Files.readAllLines(runHome.resolve("demo-credentials.txt"));
            String apiToken = credentials.stream().filter(l -> l.startsWith("admin_api_token=")).findFirst().orElseThrow().substring("admin_api_token=".length());
            List<String> tokens = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String client = api(http, base, apiToken, "POST", "/api/v1/clients",
                        "{\"name\":\"Patch fleet " + String.format("%03d", c) + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}").path("id").asString();
                tokens.add(api(http, base, apiToken, "POST", "/api/v1/clients/" + client + "/enrollment-tokens", "{\"name\":\"bench\",\"expiresInHours\":4,"
                        + "\"maxUses\":" + (devices / clients + 1) + ",\"autoApprove\":true}").path("token").asString());
            }
            long start = System.nanoTime();
            List<Future<ScanningDevice>> pending = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                final int index = i;
                pending.add(pool.submit(() -> ScanningDevice.enroll(http, base, tokens.get(index % clients), String.format("patch-%05d", index), index)));
            }
            List<ScanningDevice> fleet = new ArrayList<>();
            for (Future<ScanningDevice> f : pending) {
                fleet.add(f.get());
            }
            System.out.printf(Locale.ROOT, "run %d: enrolled %d devices over %d clients in %.1f s%n", number, fleet.size(), clients, (System.nanoTime() - start) / 1e9);

            SyntheticScans scans = new SyntheticScans(number);
            for (int round = 1; round <= 2; round++) {
                intake(out, round == 1 ? "first scans" : "rescans", http, base, fleet, scans, round, pool, server, runHome, number);
                if (round == 1) {
                    sizes(out, dbPort);
                }
            }
            analyze(dbPort);

            StaffSession admin = signInAdmin(base, credentials);
            views(out, http, base, apiToken, admin, number);
            if (keep > 0) {
                System.out.printf(Locale.ROOT, "server kept up %d s: %s, database jdbc:postgresql://localhost:%d/steward (steward_owner)%n", keep, base, dbPort);
                Thread.sleep(keep * 1000L);
            }
        } finally {
            pool.shutdownNow();
            ServerProcess.stop(server);
        }
        return out;
    }

    /** Every device posts its scan of this round; total time, scans/s, update rows/s, request latency, server and PostgreSQL CPU. */
    private void intake(Map<String, Double> out, String label, HttpClient http, String base, List<ScanningDevice> fleet, SyntheticScans scans, int round,
                        ExecutorService pool, Process server, Path runHome, int number) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger rows = new AtomicInteger();
        long[] latency = new long[fleet.size()];
        ServerCpu cpu = new ServerCpu(server, runHome);
        double[] cpuBefore = cpu.seconds();
        long start = System.nanoTime();
        List<Future<?>> pending = new ArrayList<>();
        for (ScanningDevice d : fleet) {
            pending.add(pool.submit(() -> {
                PatchMessages.Scan scan = scans.scan(d.index, round, round, System.currentTimeMillis());
                rows.addAndGet(scan.updates().size());
                byte[] body = JsonFiles.JSON.writeValueAsBytes(scan);
                long t = System.nanoTime();
                HttpResponse<String> r = d.post(http, base, PatchMessages.SCAN_PATH, body);
                latency[d.index] = System.nanoTime() - t;
                if (r == null || r.statusCode() != 200 || !r.body().contains("\"accepted\":true")) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("scan of device " + d.index + " answered " + (r == null ? "nothing" : r.statusCode() + " " + r.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpuAfter = cpu.seconds();
        Latencies l = Latencies.of(latency);
        double serverCpu = cpuAfter[0] - cpuBefore[0];
        double pgCpu = cpuAfter[1] - cpuBefore[1];
        System.out.printf(Locale.ROOT, "run %d, %s: %d scans (%d update rows) in %.1f s = %.0f scans/s, %.0f rows/s; request p50 %.1f p95 %.1f p99 %.1f ms; "
                        + "errors %d; CPU s: server %.1f, PostgreSQL %.1f; load %s%n", number, label, fleet.size(), rows.get(), seconds, fleet.size() / seconds,
                rows.get() / seconds, l.percentileMs(50), l.percentileMs(95), l.percentileMs(99), errors.get(), serverCpu, pgCpu, ServerCpu.loadAverage());
        out.put(label + ": total s", seconds);
        out.put(label + ": scans/s", fleet.size() / seconds);
        out.put(label + ": update rows/s", rows.get() / seconds);
        out.put(label + ": request p50 ms", l.percentileMs(50));
        out.put(label + ": request p99 ms", l.percentileMs(99));
        out.put(label + ": errors", (double) errors.get());
        out.put(label + ": server CPU s", serverCpu);
        out.put(label + ": PostgreSQL CPU s", pgCpu);
    }

    /** pg_total_relation_size (table, indexes, TOAST) of the patch tables after the first round, MB. */
    private static void sizes(Map<String, Double> out, int dbPort) throws Exception {
        try (Connection db = owner(dbPort); ResultSet rs = db.createStatement().executeQuery("""
                SELECT t, pg_total_relation_size(t::regclass), (SELECT count(*) FROM patch_update), (SELECT count(*) FROM patch_history)
                FROM unnest(ARRAY['patch_scan', 'patch_update', 'patch_history', 'patch_update_cve']) t WHERE to_regclass(t) IS NOT NULL""")) {
            double total = 0;
            StringBuilder b = new StringBuilder("patch tables after the first scans:");
            while (rs.next()) {
                double mb = rs.getLong(2) / 1e6;
                total += mb;
                out.put("size MB: " + rs.getString(1), mb);
                b.append(String.format(Locale.ROOT, " %s %.1f MB;", rs.getString(1), mb));
                out.put("rows: patch_update", (double) rs.getLong(3));
                out.put("rows: patch_history", (double) rs.getLong(4));
            }
            out.put("size MB: patch tables", total);
            System.out.println(b.append(String.format(Locale.ROOT, " total %.1f MB", total)));
        }
    }

    /** As autovacuum would have by then on a live system: fresh statistics of the patch tables before the views are timed. */
    private static void analyze(int dbPort) throws Exception {
        try (Connection db = owner(dbPort)) {
            db.createStatement().execute("VACUUM (ANALYZE)");
        }
    }

    private static Connection owner(int dbPort) throws Exception {
        Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/steward", "steward_owner", "");
        db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
        return db;
    }

    /** Sequential requests of each view; p50/p95/p99 and the answer's size. */
    private void views(Map<String, Double> out, HttpClient http, String base, String apiToken, StaffSession admin, int number) throws Exception {
        Map<String, java.util.function.Supplier<HttpResponse<String>>> views = new LinkedHashMap<>();
        // The fleet's outstanding list is kept per client (V141): the first fleet-wide read computes every client's.
        long first = System.nanoTime();
        HttpResponse<String> computed = get(http, base + "/api/v1/patches/updates", apiToken);
        if (computed.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/patches/updates answered " + computed.statusCode());
        }
        out.put("first fleet-wide outstanding read (computes every client's kept list) ms", (System.nanoTime() - first) / 1e6);
        views.put("GET /api/v1/patches/clients", () -> get(http, base + "/api/v1/patches/clients", apiToken));
        views.put("GET /api/v1/patches/updates (fleet, first page)", () -> get(http, base + "/api/v1/patches/updates", apiToken));
        views.put("GET /api/v1/patches/updates (fleet, security)", () -> get(http, base + "/api/v1/patches/updates?security=true", apiToken));
        views.put("GET /api/v1/patches/exposure (wide CVE)", () -> get(http, base + "/api/v1/patches/exposure?cve=" + WIDE_CVE, apiToken));
        views.put("GET /api/v1/patches/exposure (mid CVE)", () -> get(http, base + "/api/v1/patches/exposure?cve=" + MID_CVE, apiToken));
        if (!skipPage) {
            views.put("GET /patches (page)", () -> admin.page("/patches"));
        }
        for (var v : views.entrySet()) {
            List<Long> nanos = new ArrayList<>();
            long deadline = System.nanoTime() + viewSeconds * 1_000_000_000L;
            int size = 0;
            String note = "";
            // 3 unmeasured requests first (fewer for a view slower than 5 s); at least one measured even past the time limit.
            int warm = 3;
            for (int i = 0; i < requests + warm && (System.nanoTime() < deadline || nanos.isEmpty()); i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = v.getValue().get();
                long took = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(v.getKey() + " answered " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
                }
                size = r.body().length();
                note = v.getKey().contains("exposure") ? " devices " + count(r.body(), "\"deviceId\"") : "";
                if (i >= warm) {
                    nanos.add(took);
                } else if (took > 5_000_000_000L) {
                    warm = i + 1;
                }
            }
            Latencies l = Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
            System.out.printf(Locale.ROOT, "run %d: %-42s n=%d p50 %.1f p95 %.1f p99 %.1f max %.1f ms; answer %d kB%s%n", number, v.getKey(), l.count(),
                    l.percentileMs(50), l.percentileMs(95), l.percentileMs(99), l.maxMs(), size / 1000, note);
            out.put(v.getKey() + " p50 ms", l.percentileMs(50));
            out.put(v.getKey() + " p95 ms", l.percentileMs(95));
            out.put(v.getKey() + " p99 ms", l.percentileMs(99));
            out.put(v.getKey() + " n", (double) l.count());
        }
    }

    private static int count(String body, String what) {
        int n = 0;
        for (int i = body.indexOf(what); i >= 0; i = body.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static StaffSession signInAdmin(String base, List<String> credentials) throws Exception {
        String[] admin = credentials.stream().filter(l -> l.startsWith("user admin@demo.steward.test ")).map(l -> l.split(" ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no admin in demo-credentials.txt"));
        return StaffSession.signIn(base, admin[1], admin[2], admin[admin.length - 1]);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        }
    }

    private static tools.jackson.databind.JsonNode api(HttpClient http, String base, String token, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JsonFiles.JSON.readTree(r.body());
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }
}
