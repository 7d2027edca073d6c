package io.steward.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.UUID;

import io.steward.bench.servicedesk.ServiceDeskCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shape F: seeds one client ("Bench report client", Europe/Berlin) with devices, tickets of one month and their
 * history, outages, maintenance windows, changes and rollups straight into the database (once per home), then times
 * its monthly report over HTTP as JSON and as PDF: one unmeasured request each, then the median of the runs.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Shape F: time the monthly client service report (JSON and PDF) of a client with 10,000 devices and 100,000 tickets in the month.")
public final class ReportCommand implements Runnable {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @Option(names = "--url", defaultValue = "http://localhost:18080", description = "Steward's base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--credentials", required = true, description = "demo-credentials.txt of the server (holds admin_api_token=...)")
    Path credentials;

    @Option(names = "--jdbc", defaultValue = "jdbc:postgresql://localhost:54329/steward", description = "JDBC URL of Steward's database (default ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "steward_owner", description = "owner role (default ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--devices", defaultValue = "10000", description = "devices to seed (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--tickets", defaultValue = "100000", description = "tickets to seed in the month (default ${DEFAULT-VALUE})")
    int tickets;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs of each format (default ${DEFAULT-VALUE})")
    int runs;

    private final PrintStream out = System.out;

    @Override
    public void run() {
        try {
            String token = ServiceDeskCommand.readToken(credentials);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            YearMonth month = YearMonth.now(ZONE).minusMonths(1);
            UUID client;
            try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, "")) {
                try (Statement s = db.createStatement()) {
                    s.execute("SELECT set_config('steward.all_clients', 'on', false)");
                }
                client = seed(db, month);
            }
            String path = "/api/v1/clients/" + client + "/reports/" + month;
            for (String format : new String[] {"application/json", "application/pdf"}) {
                fetch(http, token, path, format);
                double[] ms = new double[runs];
                long bytes = 0;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    bytes = fetch(http, token, path, format);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    out.printf("report %s run %d: %.0f ms, %,d bytes%n", format, i + 1, ms[i], bytes);
                }
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                out.printf("report %s: median %.0f ms (min %.0f, max %.0f), %,d bytes%n", format, sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1], bytes);
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long fetch(HttpClient http, String token, String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .header("Accept", accept).timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " (" + accept + ") answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    private UUID seed(Connection db, YearMonth month) throws SQLException, IOException {
        UUID existing = clientId(db);
        if (existing != null) {
            out.println("seed: the bench report client exists already; not seeding again");
            return existing;
        }
        String script;
        try (InputStream in = ReportCommand.class.getResourceAsStream("/report/seed.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String start = month.atDay(1).atStartOfDay(ZONE).toInstant().toString();
        String end = month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant().toString();
        long t0 = System.nanoTime();
        for (String statement : script.split("\n;;\n")) {
            String sql = statement.replace(":devices", Integer.toString(devices)).replace(":tickets", Integer.toString(tickets))
                    .replace(":month_start", start).replace(":month_end", end);
            long t1 = System.nanoTime();
            try (Statement s = db.createStatement()) {
                s.execute(sql);
                String head = sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
                out.printf("seed: %-70.70s %6.1f s%n", head, (System.nanoTime() - t1) / 1e9);
            }
        }
        out.printf("seed: done in %.1f s (month %s)%n", (System.nanoTime() - t0) / 1e9, month);
        return clientId(db);
    }

    private static UUID clientId(Connection db) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM client WHERE name = 'Bench report client'"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1, UUID.class) : null;
        }
    }
}
