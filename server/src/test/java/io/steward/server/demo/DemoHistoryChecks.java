package io.steward.server.demo;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.steward.server.alerting.AlertHistory;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo as {@code --demo} starts it must show, checked by each subclass on a server of its own: with its history and live agents (a context of its own; the shared integration
 * context runs the demo without them). Last month's report of every client has something in every section, the
 * history has tickets of every kind over 90 days, a disk is forecast full, one client missed its uptime target, and the
 * live agents' heartbeats arrive through the agent channel.
 */
abstract class DemoHistoryChecks {
    /** The server's STEWARD_HOME (each subclass has its own server). */
    abstract Path home();

    static Path newHome(String prefix) {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    Clock clock;

    final ObjectMapper json = new ObjectMapper();

    private Http api() {
        return new Http("http://localhost:" + port).bearer(DemoLogins.read(home().resolve("demo-credentials.txt")).adminApiToken());
    }

    private <T> T sql(java.util.function.Function<JdbcClient, T> query) {
        return TenantContext.callAsSystem(() -> query.apply(JdbcClient.create(dataSource)));
    }

    private long count(String query, Object... params) {
        return sql(j -> j.sql(query).params(params).query(Long.class).single());
    }

    private Timestamp timestamp(String query, Object... params) {
        return sql(j -> j.sql(query).params(params).query(Timestamp.class).optional().orElse(null));
    }

    /** Every demo device reports security checks with 30 days of history: episodes detected and fixed, some still open. */
    @Test
    void theFleetHasSecurityChecksWithAHistory() {
        assertThat(count("SELECT count(DISTINCT device_id) FROM security_result")).isEqualTo(DemoFleet.SIZE);
        assertThat(count("SELECT count(*) FROM security_episode WHERE fixed_at IS NOT NULL")).isGreaterThanOrEqualTo(5);
        assertThat(count("SELECT count(*) FROM security_episode WHERE fixed_at IS NULL")).isPositive();
        assertThat(count("SELECT count(*) FROM security_episode WHERE began_from = 'evidence'")).isPositive();
        assertThat(count("SELECT count(*) FROM security_episode WHERE NOT (began_at <= detected_at AND (fixed_at IS NULL OR detected_at <= fixed_at))"))
                .isZero();
        String device = sql(j -> j.sql("SELECT device_id::text FROM security_episode WHERE fixed_at IS NOT NULL LIMIT 1").query(String.class).single());
        HttpResponse<String> r = api().getJson("/api/v1/security/devices/" + device);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("results")).hasSize(io.steward.protocol.security.SecurityCheckMessages.CHECKS.size());
    }

    @Test
    void lastMonthsReportOfEveryClientHasEverySection() throws Exception {
        JsonNode clients = json.readTree(api().getJson("/api/v1/clients").body());
        JsonNode items = clients.has("items") ? clients.get("items") : clients;
        assertThat(items.size()).isEqualTo(3);
        Map<String, String> uptime = new java.util.HashMap<>();
        for (JsonNode c : items) {
            String id = c.get("id").asString();
            String month = YearMonth.from(clock.instant().atZone(ZoneId.of(c.get("timeZone").asString()))).minusMonths(1).toString();
            HttpResponse<String> r = api().getJson("/api/v1/clients/" + id + "/reports/" + month);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode report = json.readTree(r.body());
            assertThat(report.at("/volumes/total").asLong()).as("tickets of " + month).isGreaterThan(5);
            assertThat(report.at("/summary/sla").size()).isPositive();
            long met = 0;
            for (JsonNode line : report.at("/summary/sla")) {
                met += line.get("met").asLong() + line.get("breached").asLong();
            }
            assertThat(met).as("SLA outcomes").isPositive();
            assertThat(report.at("/availability/devices").asLong()).isPositive();
            assertThat(report.at("/availability/overall/availabilityPct").isNumber()).isTrue();
            uptime.put(c.get("name").asString(), report.at("/summary/availability/outcome").asString());
            assertThat(report.at("/capacity/disks").size()).isPositive();
            assertThat(report.at("/capacity/cpu").size()).isPositive();
            assertThat(report.at("/changes/total").asLong()).as("changes of " + month).isPositive();

            HttpResponse<byte[]> pdf = api().sendBytes(api().builder("/api/v1/clients/" + id + "/reports/" + month + "?format=pdf").GET());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(pdf.body().length).isGreaterThan(10_000);
            HttpResponse<String> changes = api().getJson("/api/v1/clients/" + id + "/reports/" + month + "/changes.json");
            assertThat(changes.statusCode()).isEqualTo(200);
            assertThat(json.readTree(changes.body()).size()).isPositive();
        }
        // The council's NAS was down for a day of last month: its uptime fell short of the contract; the others met theirs.
        assertThat(uptime).containsEntry("Harbour City Council", "MISSED").containsEntry("Northwind Dental", "MET")
                .containsEntry("Alpine Logistics GmbH", "MET");
    }

    @Test
    void theDashboardsShowTrends() throws Exception {
        JsonNode dashboard = json.readTree(api().getJson("/api/v1/dashboard?days=90").body());
        assertThat(dashboard.get("topClients").size()).isEqualTo(3);
        for (JsonNode c : dashboard.get("topClients")) {
            assertThat(c.get("opened").asLong()).as(c.get("name").asString()).isGreaterThan(10);
        }
        // The report's six-month volume trend has tickets in every month the history covers (two at least, whatever the date).
        String client = this.<String>sql(j -> j.sql("SELECT id::text FROM client WHERE name = 'Harbour City Council'").query(String.class).single());
        String month = YearMonth.from(clock.instant().atZone(ZoneId.of("Australia/Sydney"))).minusMonths(1).toString();
        JsonNode volumes = json.readTree(api().getJson("/api/v1/clients/" + client + "/reports/" + month).body()).get("volumes");
        int months = volumes.get("months").size();
        long busy = 0;
        for (int i = 0; i < months; i++) {
            long n = 0;
            for (JsonNode series : volumes.get("byType")) {
                n += series.get("counts").get(i).asLong();
            }
            busy += n > 0 ? 1 : 0;
        }
        assertThat(busy).as(volumes.toString()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void lastMonthsReportPageRenders() {
        Http admin = new Http("http://localhost:" + port);
        admin.signIn(DemoLogins.read(home().resolve("demo-credentials.txt")).user("manager@demo.steward.test"));
        String client = this.<String>sql(j -> j.sql("SELECT id::text FROM client WHERE name = 'Alpine Logistics GmbH'").query(String.class).single());
        String month = YearMonth.from(clock.instant().atZone(ZoneId.of("Europe/Berlin"))).minusMonths(1).toString();
        assertThat(admin.page("/clients/" + client + "/reports/" + month)).contains("Alpine Logistics GmbH", "alp-muc-fs01");
    }

    @Test
    void ticketsSpanNinetyDaysThroughTheirWholeLife() {
        Instant now = clock.instant();
        Instant oldest = timestamp("SELECT min(opened_at) FROM ticket").toInstant();
        assertThat(Duration.between(oldest, now).toDays()).isGreaterThanOrEqualTo(90);
        List<String> statuses = this.<List<String>>sql(j -> j.sql("SELECT DISTINCT status FROM ticket").query(String.class).list());
        assertThat(statuses).contains("CLOSED", "RESOLVED", "IN_PROGRESS");
        assertThat(count("SELECT count(*) FROM ticket_event WHERE kind = 'ASSIGNED'")).isGreaterThan(100);
        assertThat(count("SELECT count(*) FROM ticket_event WHERE kind = 'STATUS_CHANGED' AND new_value = 'WAITING_ON_CLIENT'")).isGreaterThan(10);
        long reopened = count("""
                SELECT count(*) FROM ticket_event WHERE kind = 'STATUS_CHANGED' AND field = 'status' AND old_value = 'RESOLVED'
                  AND new_value = 'IN_PROGRESS'""");
        assertThat(reopened).as("reopened tickets").isPositive();
        assertThat(count("SELECT count(*) FROM ticket WHERE sla_breached_at IS NOT NULL"))
                .as("breached tickets").isPositive();
        assertThat(count("SELECT count(*) FROM time_entry")).isGreaterThan(100);
        assertThat(count("SELECT count(*) FROM change_approval")).isGreaterThan(5);
        assertThat(count("SELECT count(*) FROM alert WHERE state = 'RESOLVED' AND ticket_id IS NOT NULL"))
                .as("alerts that opened and closed incidents").isGreaterThanOrEqualTo(3);
        assertThat(count("SELECT count(*) FROM metric_hour WHERE bucket < ?", Timestamp.from(now.minus(Duration.ofDays(85))))).as("hourly rollups of three months ago").isPositive();
    }

    @Test
    void deviceChartsHaveTheirPastAndOutagesAreGaps() throws Exception {
        String fs = this.<String>sql(j -> j.sql("SELECT id::text FROM device WHERE hostname = 'alp-muc-fs01'").query(String.class).single());
        JsonNode day = json.readTree(api().getJson("/api/v1/devices/" + fs + "/metrics/series?metric=fs.used_pct&instance=D:&range=DAY").body());
        assertThat(day.get("points").size()).as("one-minute points of the last day").isGreaterThan(1000);
        JsonNode week = json.readTree(api().getJson("/api/v1/devices/" + fs + "/metrics/series?metric=fs.used_pct&instance=D:&range=WEEK").body());
        assertThat(week.get("points").size()).as("hourly points of the last week").isGreaterThan(150);
        double first = week.get("points").get(0).get("avg").asDouble();
        double last = week.get("points").get(week.get("points").size() - 1).get("avg").asDouble();
        assertThat(last - first).as("the disk fills, about half a point a day").isBetween(2.0, 5.5);
        // The NAS sent nothing while it was down: no hourly rollup lies wholly inside one of its outages.
        assertThat(count("""
                SELECT count(*) FROM metric_hour h JOIN alert a ON a.device_id = h.device_id AND a.policy_id = ?
                WHERE h.bucket >= a.opened_at AND h.bucket + interval '1 hour' <= a.resolved_at""", AlertHistory.OFFLINE_POLICY)).isZero();
        assertThat(count("SELECT count(*) FROM alert a WHERE a.policy_id = ? AND a.resolved_at - a.opened_at > interval '5 hours'",
                AlertHistory.OFFLINE_POLICY)).isPositive();
    }

    @Test
    void theDemoFleetHasPatchScans() {
        JsonNode exposed = json.readTree(api().getJson("/api/v1/patches/exposure?cve=CVE-2026-0777").body());
        assertThat(exposed.path("page").path("items").size()).as("Windows servers and a Debian kernel exposed to one CVE").isGreaterThan(1);
        JsonNode clients = json.readTree(api().getJson("/api/v1/patches/clients").body());
        assertThat(clients.valueStream().filter(c -> c.path("compliance").path("scanned").asInt() > 0).count()).isGreaterThanOrEqualTo(3);
        JsonNode windows = json.readTree(api().getJson("/api/v1/patches/updates?name=KB5048667").body());
        assertThat(windows.path("page").path("items").size()).as("the Windows servers' cumulative update").isGreaterThan(0);
        JsonNode failed = json.readTree(api().getJson("/api/v1/patches/devices?filter=stale").body());
        assertThat(failed.size()).as("a device whose scan failed is not scanned recently").isGreaterThan(0);
        // Servers are patched by a group policy of their own: people choose when they reboot.
        long withServerPolicy = clients.valueStream().map(c -> json.readTree(api().getJson("/api/v1/patches/clients/" + c.path("clientId").asString()
                + "/policy/overrides").body())).filter(list -> list.valueStream().anyMatch(o -> o.path("scopeName").asString().equals("Servers")
                && o.path("reboot").asString().equals("never"))).count();
        assertThat(withServerPolicy).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theDemoServersHaveBackupsWithABreachAndRestoreTests() {
        JsonNode clients = json.readTree(api().getJson("/api/v1/backup/clients").body());
        assertThat(clients.valueStream().mapToInt(c -> c.path("jobs").asInt()).sum()).as("the servers' backup jobs").isGreaterThan(2);
        assertThat(clients.valueStream().mapToInt(c -> c.path("breaching").asInt()).sum()).as("an RPO breach and repeated failures").isPositive();
        assertThat(clients.valueStream().filter(c -> c.path("coverage").path("covered").asInt() < c.path("coverage").path("expected").asInt()).count())
                .as("a server without a backup").isPositive();
        JsonNode one = clients.valueStream().filter(c -> c.path("jobs").asInt() > 0).findFirst().orElseThrow();
        JsonNode page = json.readTree(api().getJson("/api/v1/backup/clients/" + one.path("clientId").asString()).body());
        assertThat(page.path("restoreTests").valueStream().filter(t -> t.path("state").asString().equals("PASSED")).count())
                .as("last month's restore tests").isPositive();
    }

    @Test
    void theFillingDiskHasAForecastTicket() {
        String title = this.<String>sql(j -> j.sql("""
                SELECT t.title FROM disk_forecast f JOIN ticket t ON t.id = f.ticket_id JOIN device d ON d.id = f.device_id
                WHERE d.hostname = 'alp-muc-fs01' AND f.instance = 'D:'""").query(String.class).single());
        assertThat(title).startsWith("Disk D: on alp-muc-fs01 predicted full by");
    }

    @Test
    void liveAgentsReportThroughTheAgentChannel() throws Exception {
        // The first two demo devices report; their last contact moves on with each heartbeat.
        String query = "SELECT last_seen_at FROM device WHERE hostname = ?";
        Instant first = awaitSeen(query, "nwd-srv-01", null);
        Instant later = awaitSeen(query, "nwd-srv-01", first);
        assertThat(later).isAfter(first);
        awaitSeen(query, "alp-muc-fs01", null);
        assertThat(timestamp("SELECT last_seen_at FROM device WHERE hostname = 'hcc-depot-nas01'")).as("beyond live-agents=2, no agent").isNull();
        assertThat(count("SELECT count(*) FROM agent_message m JOIN device d ON d.id = m.device_id WHERE d.hostname = 'nwd-srv-01' "
                + "AND m.kind = 'metrics'")).as("metric batches").isPositive();
    }

    private Instant awaitSeen(String query, String host, Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Timestamp seen = timestamp(query, host);
            if (seen != null && (after == null || seen.toInstant().isAfter(after))) {
                return seen.toInstant();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(host + " was not heard from" + (after == null ? "" : " after " + after));
    }
}
