package io.steward.bench.servicedesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shape D: seeds 200 clients and 1,000,000 tickets into a running Steward (straight into its
 * PostgreSQL as the owner role), then measures the ticket list API with the queue's filters, the
 * queue's SQL itself, and ticket creation over the API under concurrency. Everything runs on
 * loopback with fixed counts and durations; each measurement runs {@code --runs} times.
 */
@Command(name = "servicedesk", mixinStandardHelpOptions = true,
        description = "Shape D: ticket list latency with 1,000,000 tickets seeded, and ticket create throughput.")
public final class ServiceDeskCommand implements Runnable {
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final String[] WORDS = {"Outlook", "VPN", "printer", "laptop", "Teams", "backup", "firewall", "password"};
    private static final String OPEN = "{ASSIGNED,IN_PROGRESS,NEW,WAITING_ON_CLIENT}";

    @Option(names = "--url", defaultValue = "http://localhost:18080", description = "Steward's base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--credentials", required = true, description = "demo-credentials.txt of the server (holds admin_api_token=...)")
    Path credentials;

    @Option(names = "--jdbc", defaultValue = "jdbc:postgresql://localhost:54329/steward",
            description = "the server's database, reached as the owner role (default ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "steward_owner", description = "owner role (default ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--tickets", defaultValue = "1000000", description = "tickets to seed (default ${DEFAULT-VALUE})")
    int tickets;

    @Option(names = "--chunk", defaultValue = "100000", description = "tickets per INSERT statement when seeding (default ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--runs", defaultValue = "3", description = "runs of each measurement (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "100", description = "requests before measuring, per case and run (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--requests", defaultValue = "500", description = "sequential requests measured per case and run (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--size", defaultValue = "50", description = "page size of the lists (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--concurrency", defaultValue = "16", description = "concurrent clients creating tickets (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--create-seconds", defaultValue = "30", description = "measured seconds of each create run (default ${DEFAULT-VALUE})")
    int createSeconds;

    @Option(names = "--create-warmup-seconds", defaultValue = "5", description = "unmeasured seconds before each create run (default ${DEFAULT-VALUE})")
    int createWarmupSeconds;

    @Option(names = "--pages-matching", defaultValue = ".*",
            description = "with the pages part: only the pages whose name matches this regular expression (default: all)")
    String pagesMatching;

    @Option(names = "--only", split = ",", description = "parts to run: seed, list, dashboard, pages, sql, create (default: all)")
    List<String> only;

    private final PrintStream out = System.out;
    private HttpClient http;
    private String token;

    @Override
    public void run() {
        try {
            token = readToken(credentials);
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            try (Connection db = owner()) {
                if (wants("seed")) {
                    seed(db);
                }
                UUID bigClient = clientId(db, "Bench client 001");
                if (wants("list")) {
                    listLatencies(bigClient);
                }
                if (wants("dashboard")) {
                    dashboardLatencies();
                }
                if (wants("pages")) {
                    PageTimings.issue15(db, bigClient, url, credentials, pagesMatching, out, runs, warmup, requests);
                }
                if (wants("sql")) {
                    queueSql(db);
                }
                if (wants("create")) {
                    create(db);
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean wants(String part) {
        return only == null || only.contains(part);
    }

    private Connection owner() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, dbUser, "");
        try (Statement s = c.createStatement()) {
            // The tables FORCE row-level security, so the owner too sees tenant rows only when the policy lets it.
            s.execute("SELECT set_config('steward.all_clients', 'on', false)");
        }
        return c;
    }

    public static String readToken(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("admin_api_token=")).map(l -> l.substring(16).strip())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no admin_api_token= line in " + file));
    }

    // ---- seeding --------------------------------------------------------------------------------

    private void seed(Connection db) throws SQLException, IOException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM client WHERE name LIKE 'Bench client %'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                out.println("seed: bench clients exist already; not seeding again");
                return;
            }
        }
        String script;
        try (InputStream in = ServiceDeskCommand.class.getResourceAsStream("/servicedesk/seed.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long start = System.nanoTime();
        for (String statement : script.split("\n;;\n")) {
            String sql = statement.replace(":tickets", Integer.toString(tickets));
            String head = firstSqlLine(sql);
            if (sql.contains(":from")) {
                for (int from = 0; from < tickets; from += chunk) {
                    int to = Math.min(tickets, from + chunk);
                    timed(db, head + " [" + from + ", " + to + ")", sql.replace(":from", Integer.toString(from)).replace(":to", Integer.toString(to)));
                }
            } else {
                timed(db, head, sql);
            }
        }
        out.printf("seed: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void timed(Connection db, String label, String sql) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute(sql);
            out.printf("seed: %-70.70s %6.1f s  %s%n", label, (System.nanoTime() - t0) / 1e9, s.getUpdateCount() >= 0 ? s.getUpdateCount() + " rows" : "");
        }
    }

    private static String firstSqlLine(String statement) {
        return statement.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
    }

    private static UUID clientId(Connection db, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM client WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(name + " is missing: seed first");
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    // ---- list latency over HTTP -------------------------------------------------------------------

    private void listLatencies(UUID client) throws IOException, InterruptedException {
        Map<String, String> cases = new LinkedHashMap<>();
        String base = "/api/v1/tickets?size=" + size;
        cases.put("default (open, by SLA due)", base);
        cases.put("clientId=X (largest client)", base + "&clientId=" + client);
        cases.put("tier=2", base + "&tier=2");
        cases.put("assignee=none", base + "&assignee=none");
        cases.put("sla=BREACHED", base + "&sla=BREACHED");
        cases.put("q=printer", base + "&q=printer");
        cases.put("status=all&clientId=X", base + "&status=all&clientId=" + client);
        cases.put("page=10", base + "&page=10");
        measure("List", cases);
    }

    /** The staff dashboard's JSON (every figure over all clients, as the admin sees it), default and a year's volume. */
    private void dashboardLatencies() throws IOException, InterruptedException {
        Map<String, String> cases = new LinkedHashMap<>();
        // The server keeps an answer for 30 s per scope, zone and window: the first cases are what a person refreshing
        // the page gets; the "cold" ones ask a different window each time ({n} = 1..366), so every answer is computed.
        cases.put("dashboard (admin, 30 days)", "/api/v1/dashboard?zone=UTC");
        cases.put("dashboard (admin, 365 days)", "/api/v1/dashboard?zone=UTC&days=365");
        cases.put("dashboard cold (days={n})", "/api/v1/dashboard?zone=UTC&days={n}");
        measure("Dashboard", cases);
    }

    private void measure(String what, Map<String, String> cases) throws IOException, InterruptedException {
        // Connections, JIT and caches of both processes, once, before any run.
        for (int i = 0; i < warmup * 2; i++) {
            for (String path : cases.values()) {
                get(path.replace("{n}", String.valueOf(1 + i % 366)));
            }
        }
        Map<String, List<Latencies>> results = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (Map.Entry<String, String> c : cases.entrySet()) {
                for (int i = 0; i < warmup; i++) {
                    get(c.getValue().replace("{n}", String.valueOf(1 + i % 366)));
                }
                long[] nanos = new long[requests];
                for (int i = 0; i < requests; i++) {
                    String path = c.getValue().replace("{n}", String.valueOf(1 + (run * requests + i) % 366));
                    long t0 = System.nanoTime();
                    String body = get(path);
                    nanos[i] = System.nanoTime() - t0;
                    if (i == 0) {
                        Matcher m = TOTAL.matcher(body);
                        totals.put(c.getKey(), m.find() ? Long.parseLong(m.group(1)) : -1);
                    }
                }
                Latencies l = Latencies.of(nanos);
                results.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(l);
                out.printf(what.toLowerCase(java.util.Locale.ROOT) + " run %d %-30s p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f ms%n", run, c.getKey(), l.percentileMs(50),
                        l.percentileMs(90), l.percentileMs(99), l.maxMs());
            }
        }
        out.printf("%n### " + what + " over HTTP: %d sequential requests per case and run, size %d, median of %d runs (min–max), ms%n%n",
                requests, size, runs);
        out.println("| case | total | p50 | p90 | p99 | max |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Latencies>> r : results.entrySet()) {
            out.printf("| %s | %,d | %s | %s | %s | %s |%n", r.getKey(), totals.get(r.getKey()), across(r.getValue(), 50),
                    across(r.getValue(), 90), across(r.getValue(), 99), across(r.getValue(), 100));
        }
        out.println();
    }

    private static String across(List<Latencies> runs, double p) {
        return Latencies.medianMinMax(runs.stream().mapToDouble(l -> p >= 100 ? l.maxMs() : l.percentileMs(p)).toArray());
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    // ---- the queue page's SQL ---------------------------------------------------------------------

    /**
     * The SQL behind the staff queue page (GET /servicedesk) and the default API list: the same two statements
     * TicketRepository.list runs for an MSP admin (scope: all clients, open tickets, by SLA due; a count bounded at
     * 1,000 past the page, then the page), timed over JDBC so that the figure excludes HTTP, JSON and the session.
     */
    private void queueSql(Connection db) throws SQLException {
        String where = "(? OR t.client_id = ANY(CAST(? AS uuid[]))) AND t.status IN (?, ?, ?, ?)";
        String count = "SELECT count(*) FROM (SELECT 1 FROM ticket t WHERE " + where + " LIMIT ?) counted";
        String order = " ORDER BY t.sla_resolution_due ASC NULLS LAST, t.priority ASC, t.number";
        String page = "SELECT t.*, c.name AS client_name, u.display_name AS assignee_name FROM (SELECT * FROM ticket t WHERE " + where
                + order + " LIMIT ? OFFSET ?) t JOIN client c ON c.id = t.client_id LEFT JOIN app_user u ON u.id = t.assignee_id" + order;
        List<double[]> countMs = new ArrayList<>();
        List<Latencies> both = new ArrayList<>();
        try (PreparedStatement c = db.prepareStatement(count); PreparedStatement p = db.prepareStatement(page)) {
            for (PreparedStatement ps : List.of(c, p)) {
                ps.setBoolean(1, true);
                ps.setString(2, "{}");
                ps.setString(3, "ASSIGNED");
                ps.setString(4, "IN_PROGRESS");
                ps.setString(5, "NEW");
                ps.setString(6, "WAITING_ON_CLIENT");
            }
            c.setLong(7, size + 1000L);
            p.setInt(7, size);
            p.setInt(8, 0);
            for (int i = 0; i < warmup; i++) {
                drain(c);
                drain(p);
            }
            for (int run = 1; run <= runs; run++) {
                long[] nanos = new long[requests];
                long[] countNanos = new long[requests];
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    drain(c);
                    long t1 = System.nanoTime();
                    drain(p);
                    nanos[i] = System.nanoTime() - t0;
                    countNanos[i] = t1 - t0;
                }
                Latencies l = Latencies.of(nanos);
                Latencies cl = Latencies.of(countNanos);
                both.add(l);
                countMs.add(new double[] {cl.percentileMs(50), cl.percentileMs(99)});
                out.printf("sql run %d count+page p50 %7.1f  p99 %7.1f ms (count alone p50 %7.1f  p99 %7.1f)%n", run, l.percentileMs(50),
                        l.percentileMs(99), cl.percentileMs(50), cl.percentileMs(99));
            }
        }
        out.printf("%n### Queue SQL over JDBC (bounded count + page of %d), %d runs of %d: p50 %s, p99 %s ms; count(*) alone p50 %s, p99 %s ms%n%n",
                size, runs, requests, across(both, 50), across(both, 99),
                Latencies.medianMinMax(countMs.stream().mapToDouble(a -> a[0]).toArray()),
                Latencies.medianMinMax(countMs.stream().mapToDouble(a -> a[1]).toArray()));
    }

    private static void drain(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    // ---- ticket create under concurrency -----------------------------------------------------------

    private void create(Connection db) throws SQLException, InterruptedException {
        List<UUID> clients = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM client WHERE name LIKE 'Bench client %' ORDER BY name")) {
            while (rs.next()) {
                clients.add(rs.getObject(1, UUID.class));
            }
        }
        if (clients.isEmpty()) {
            throw new IllegalStateException("no bench clients: seed first");
        }
        double[] rates = new double[runs];
        List<Latencies> lat = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            long before = maxNumber(db);
            drive(clients, Duration.ofSeconds(createWarmupSeconds), null);
            CreateResult r = drive(clients, Duration.ofSeconds(createSeconds), lat);
            rates[run - 1] = r.created / r.seconds;
            Latencies l = lat.getLast();
            out.printf("create run %d: %d created in %.1f s = %.0f/s, %d errors; p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms%n", run, r.created,
                    r.seconds, rates[run - 1], r.errors, l.percentileMs(50), l.percentileMs(90), l.percentileMs(99), l.maxMs());
            if (r.errors > 0) {
                out.println("create run " + run + ": first error: " + r.firstError);
            }
            // The data set stays at the seeded size for the next run and the next invocation.
            long deleted = deleteAbove(db, before);
            out.printf("create run %d: removed %d tickets created by the bench (warm-up included)%n", run, deleted);
        }
        out.printf("%n### Ticket create over HTTP: %d concurrent clients, %d s per run after %d s warm-up, median of %d runs (min–max)%n%n",
                concurrency, createSeconds, createWarmupSeconds, runs);
        out.println("| created/s (201 after commit) | p50 ms | p90 ms | p99 ms | max ms |");
        out.println("|---:|---:|---:|---:|---:|");
        out.printf("| %s | %s | %s | %s | %s |%n%n", Latencies.medianMinMax(rates).replaceAll("\\.\\d", ""), across(lat, 50), across(lat, 90),
                across(lat, 99), across(lat, 100));
    }

    private record CreateResult(long created, long errors, double seconds, String firstError) {
    }

    /** C virtual-thread clients POST tickets back to back until the deadline; latencies of 201s go to {@code sink}. */
    private CreateResult drive(List<UUID> clients, Duration duration, List<Latencies> sink) throws InterruptedException {
        LongAdder created = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong seq = new AtomicLong();
        String[] firstError = new String[1];
        List<long[]> perThread = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            long[][] holder = new long[1][];
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1024];
                int n = 0;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try (KeepAliveConnection connection = new KeepAliveConnection(URI.create(url))) {
                    while (System.nanoTime() < deadline) {
                        String body = "{\"clientId\":\"" + clients.get(rnd.nextInt(clients.size())) + "\",\"type\":\"INCIDENT\",\"title\":\"Bench create "
                                + seq.incrementAndGet() + " " + WORDS[rnd.nextInt(WORDS.length)] + " not working\",\"impact\":\"MEDIUM\",\"urgency\":\"HIGH\"}";
                        long t0 = System.nanoTime();
                        try {
                            KeepAliveConnection.Response r = connection.post("/api/v1/tickets", token, body);
                            long took = System.nanoTime() - t0;
                            if (r.status() == 201) {
                                created.increment();
                                if (n == mine.length) {
                                    mine = java.util.Arrays.copyOf(mine, n * 2);
                                }
                                mine[n++] = took;
                            } else {
                                errors.increment();
                                firstError(firstError, r.status() + " " + r.body());
                            }
                        } catch (IOException e) {
                            errors.increment();
                            firstError(firstError, e.toString());
                        }
                    }
                }
                holder[0] = java.util.Arrays.copyOf(mine, n);
                synchronized (perThread) {
                    perThread.add(holder[0]);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink != null) {
            sink.add(Latencies.of(perThread));
        }
        return new CreateResult(created.sum(), errors.sum(), seconds, firstError[0]);
    }

    private static void firstError(String[] holder, String error) {
        synchronized (holder) {
            if (holder[0] == null) {
                holder[0] = error;
            }
        }
    }

    private static long maxNumber(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(number), 0) FROM ticket")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long deleteAbove(Connection db, long number) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM ticket WHERE number > ?")) {
            ps.setLong(1, number);
            return ps.executeUpdate();
        }
    }
}
