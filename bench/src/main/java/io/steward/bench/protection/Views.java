package io.steward.bench.protection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.bench.servicedesk.Latencies;
import io.steward.bench.tasks.StaffSession;
import io.steward.signer.state.JsonFiles;
import tools.jackson.databind.JsonNode;

/**
 * The coverage and security views of one client, each requested sequentially ({@code warmup} unmeasured requests,
 * then up to {@code requests} measured or the time limit): time from the request sent to the whole answer read. Before
 * timing, what the answers say is checked against the fleet: the security matrix must list every device of the client,
 * and the security facts must count them all (a view that silently left devices out would be fast for a wrong reason).
 */
final class Views {
    private static final Pattern DEVICES_PASS = Pattern.compile("of (\\d+) device\\(s\\) pass");
    private static final Pattern BACKUP_EXPECTED = Pattern.compile("of (\\d+) devices that should have a backup");

    private final HttpClient http;
    private final String base;
    private final String apiToken;
    private final StaffSession admin;

    Views(HttpClient http, String base, String apiToken, StaffSession admin) {
        this.http = http;
        this.base = base;
        this.apiToken = apiToken;
        this.admin = admin;
    }

    /** What the client's answers show (printed with the run): devices in the matrix, devices counted by the facts. */
    String verify(String client, String framework, int devices) {
        JsonNode security = JsonFiles.JSON.readTree(ok("security API", get("/api/v1/security/clients/" + client)).body());
        int rows = security.path("devices").size();
        String coverage = ok("coverage API", get("/api/v1/compliance/clients/" + client + "/frameworks/" + framework)).body();
        int counted = max(DEVICES_PASS, coverage);
        int expected = max(BACKUP_EXPECTED, coverage);
        JsonNode c = JsonFiles.JSON.readTree(coverage).path("coverage");
        String line = String.format(Locale.ROOT, "security matrix %d of %d devices, open episodes shown %d, month detected %d fixed %d; "
                        + "coverage of %s: passing %d failing %d not evaluated %d (%s %%); security facts count %d devices, backup coverage %d",
                rows, devices, security.path("openEpisodes").size(), security.path("times").path("detected").asInt(),
                security.path("times").path("fixed").asInt(), framework, c.path("passing").asInt(), c.path("failing").asInt(),
                c.path("notEvaluated").asInt(), c.path("percent").asString(), counted, expected);
        if (rows != devices || counted != devices || expected != devices) {
            line += " -- NOT ALL DEVICES";
        }
        return line;
    }

    /** p50/p95/p99/max and n per view, by "view p50 ms" etc. */
    Map<String, Double> time(String client, String framework, int warmup, int requests, int seconds, int run) {
        Map<String, Supplier<HttpResponse<String>>> views = new LinkedHashMap<>();
        views.put("GET /compliance/clients/{id} (coverage page)", () -> admin.page("/compliance/clients/" + client + "?framework=" + framework));
        views.put("GET /api/v1/compliance/clients/{id}/frameworks/{f}", () -> get("/api/v1/compliance/clients/" + client + "/frameworks/" + framework));
        views.put("GET /api/v1/compliance/clients/{id}/coverage (all)", () -> get("/api/v1/compliance/clients/" + client + "/coverage"));
        views.put("GET /security/clients/{id} (security page)", () -> admin.page("/security/clients/" + client));
        views.put("GET /api/v1/security/clients/{id}", () -> get("/api/v1/security/clients/" + client));
        Map<String, Double> out = new LinkedHashMap<>();
        for (var v : views.entrySet()) {
            List<Long> nanos = new ArrayList<>();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            int size = 0;
            for (int i = 0; i < requests + warmup && (System.nanoTime() < deadline || nanos.isEmpty()); i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = ok(v.getKey(), v.getValue().get());
                long took = System.nanoTime() - t;
                size = r.body().length();
                if (i >= warmup) {
                    nanos.add(took);
                }
            }
            Latencies l = Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray());
            System.out.printf(Locale.ROOT, "run %d: %-52s n=%d p50 %.1f p95 %.1f p99 %.1f max %.1f ms; answer %d kB%n", run, v.getKey(), l.count(),
                    l.percentileMs(50), l.percentileMs(95), l.percentileMs(99), l.maxMs(), size / 1000);
            out.put(v.getKey() + " p50 ms", l.percentileMs(50));
            out.put(v.getKey() + " p95 ms", l.percentileMs(95));
            out.put(v.getKey() + " p99 ms", l.percentileMs(99));
            out.put(v.getKey() + " n", (double) l.count());
            out.put(v.getKey() + " kB", size / 1000.0);
        }
        return out;
    }

    private static int max(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = -1;
        while (m.find()) {
            n = Math.max(n, Integer.parseInt(m.group(1)));
        }
        return n;
    }

    private static HttpResponse<String> ok(String what, HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + apiToken)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        }
    }
}
