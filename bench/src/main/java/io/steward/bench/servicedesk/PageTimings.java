package io.steward.bench.servicedesk;

import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;

/**
 * The staff and portal pages as a person gets them: signs in through the login form and its TOTP step like a
 * browser (session cookie, CSRF token from the page), then times sequential GETs of each page. The time is
 * request to last byte on loopback, so it is the server's time plus a fraction of a millisecond.
 */
final class PageTimings {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"");

    private final String url;
    private final HttpClient http;
    private final PrintStream out;
    private String csrf;

    private PageTimings(String url, PrintStream out) {
        this.url = url;
        this.out = out;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A browser-like session of the demo user {@code email}, whose password and TOTP secret the credentials file holds. */
    static PageTimings signedIn(String url, Path credentials, String email, PrintStream out) throws IOException, InterruptedException {
        String[] user = Files.readAllLines(credentials).stream().filter(l -> l.startsWith("user " + email + " ")).map(l -> l.split(" "))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no user " + email + " in " + credentials));
        PageTimings s = new PageTimings(url, out);
        s.get("/login");
        HttpResponse<String> r = s.post("/login", Map.of("email", email, "password", user[2]));
        String location = r.headers().firstValue("Location").orElse("");
        if (location.endsWith("/login/mfa")) {
            s.get("/login/mfa");
            r = s.post("/login/mfa", Map.of("code", totp(user[user.length - 1])));
            location = r.headers().firstValue("Location").orElse("");
        }
        if (r.statusCode() != 302 || location.contains("/login")) {
            throw new IllegalStateException("sign-in of " + email + " failed: " + r.statusCode() + " " + location);
        }
        return s;
    }

    /**
     * The pages of issue 15 as people get them (browser session, TOTP sign-in): the staff pages as the MSP admin,
     * who sees all 1,000,000 tickets, and the portal as the demo New York clinic's contact.
     */
    static void issue15(Connection db, UUID client, String url, Path credentials, String pagesMatching, PrintStream out, int runs, int warmup,
                        int requests) throws SQLException, IOException, InterruptedException {
        UUID openTicket;
        long closedNumber;
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM ticket WHERE client_id = ? AND status = 'IN_PROGRESS' ORDER BY number DESC LIMIT 1");
             PreparedStatement closed = db.prepareStatement("SELECT number FROM ticket WHERE client_id = ? AND status = 'CLOSED' ORDER BY number LIMIT 1 OFFSET 5000")) {
            ps.setObject(1, client);
            closed.setObject(1, client);
            try (ResultSet rs = ps.executeQuery(); ResultSet c = closed.executeQuery()) {
                rs.next();
                c.next();
                openTicket = rs.getObject(1, UUID.class);
                closedNumber = c.getLong(1);
            }
        }
        Map<String, String> staff = new LinkedHashMap<>();
        staff.put("queue (open, by due)", "/servicedesk");
        staff.put("search by number T-n (closed ticket)", "/servicedesk?q=T-" + closedNumber);
        staff.put("search by bare number", "/servicedesk?q=" + closedNumber);
        staff.put("search full text (open)", "/servicedesk?q=printer");
        staff.put("search full text (all, incl. closed)", "/servicedesk?view=all&q=printer%20reception");
        staff.put("ticket page", "/tickets/" + openTicket);
        staff.put("SLA board", "/servicedesk/board");
        staff.put("dashboard (all clients)", "/");
        staff.put("client page (largest client)", "/clients/" + client);
        staff.put("changes", "/servicedesk/changes");
        staff.put("notifications", "/notifications");
        Map<String, String> portal = new LinkedHashMap<>();
        portal.put("portal home", "/portal");
        portal.put("portal tickets", "/portal/tickets");
        portal.put("portal devices", "/portal/devices");
        staff.keySet().removeIf(name -> !name.matches(pagesMatching));
        portal.keySet().removeIf(name -> !name.matches(pagesMatching));
        if (!staff.isEmpty()) {
            PageTimings.signedIn(url, credentials, "admin@demo.steward.test", out).measure("the MSP admin (all 200 bench clients)", staff, runs, warmup, requests);
        }
        if (!portal.isEmpty()) {
            PageTimings.signedIn(url, credentials, "dana.reyes@northwind-dental.example", out).measure("the demo clinic's contact (portal)", portal, runs,
                    warmup, requests);
        }
    }

    private static String totp(String secret) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, Instant.now().getEpochSecond() / 30);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Times each page {@code requests} times per run after a warm-up, and prints the runs and their medians. */
    void measure(String who, Map<String, String> pages, int runs, int warmup, int requests) throws IOException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            for (String path : pages.values()) {
                page(path);
            }
        }
        Map<String, List<Latencies>> results = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (Map.Entry<String, String> p : pages.entrySet()) {
                long[] nanos = new long[requests];
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    page(p.getValue());
                    nanos[i] = System.nanoTime() - t0;
                }
                Latencies l = Latencies.of(nanos);
                results.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(l);
                out.printf("pages run %d %-40s p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f ms%n", run, p.getKey(), l.percentileMs(50),
                        l.percentileMs(90), l.percentileMs(99), l.maxMs());
            }
        }
        out.printf("%n### Pages as %s: %d sequential GETs per page and run, median of %d runs (min–max), ms%n%n", who, requests, runs);
        out.println("| page | path | p50 | p90 | p99 | max |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Latencies>> r : results.entrySet()) {
            List<Latencies> l = r.getValue();
            out.printf("| %s | `%s` | %s | %s | %s | %s |%n", r.getKey(), pages.get(r.getKey()).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}"),
                    across(l, 50), across(l, 90), across(l, 99), across(l, 100));
        }
        out.println();
    }

    private static String across(List<Latencies> runs, double p) {
        return Latencies.medianMinMax(runs.stream().mapToDouble(l -> p >= 100 ? l.maxMs() : l.percentileMs(p)).toArray());
    }

    /**
     * A page that must answer 200 with a whole HTML document. A search that names one ticket answers with a redirect
     * to it, which a browser follows: that is timed as one page, both requests.
     */
    String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() == 302 && !location.contains("/login")) {
            r = get(location.replaceFirst("^https?://[^/]+", ""));
        }
        if (r.statusCode() != 200 || !r.body().contains("</html>")) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return keepCsrf(http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Accept", "text/html").timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return keepCsrf(http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> keepCsrf(HttpResponse<String> r) {
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return r;
    }
}
