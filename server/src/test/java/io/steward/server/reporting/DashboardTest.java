package io.steward.server.reporting;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MSP and portal dashboards over real HTTP, on two fresh clients seeded with known tickets, devices and alerts:
 * a technician restricted to client A and A's portal user see exactly A's figures (B's are seeded to differ), in
 * JSON and on the pages, and every figure links to a list that shows the same number of rows.
 */
class DashboardTest extends IntegrationTest {
    static final UUID OFFLINE_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e00");
    static final UUID FS_WARNING_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e01");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    final ObjectMapper json = new ObjectMapper();
    Instant now;
    String clientA;
    String clientB;
    String techId;
    String adminId;
    Http tech;

    @BeforeEach
    void seed() {
        now = clock.instant();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        clientA = createClient("Dashboard A " + suffix);
        clientB = createClient("Dashboard B " + suffix);
        adminId = TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM app_user WHERE email = 'admin@demo.steward.test'")
                .query(UUID.class).single()).toString();
        String[] created = createUser("{\"email\":\"dash-tech-" + suffix + "@msp.example\",\"displayName\":\"Dash Tech " + suffix
                + "\",\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[\"" + clientA + "\"]}");
        techId = created[0];
        tech = firstSignIn("dash-tech-" + suffix + "@msp.example", created[1]);

        Instant day = now.minus(Duration.ofDays(1));
        Instant todayStarts = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        // Client A: six open tickets, one of each standing (two breached), and two closed ones.
        ticket(clientA, 1, "NEW", techId, day, "RUNNING", now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(1)), null);      // on track
        ticket(clientA, 1, "IN_PROGRESS", techId, day, "RUNNING", now.plus(Duration.ofHours(1)), now.minusSeconds(600), null);    // at risk
        ticket(clientA, 2, "NEW", null, day, "RUNNING", now.minusSeconds(300), now.minusSeconds(900), null);                       // breached, not yet recorded
        ticket(clientA, 2, "ASSIGNED", adminId, day, "BREACHED", null, null, now);                                                  // breached today
        ticket(clientA, 3, "WAITING_ON_CLIENT", null, day, "PAUSED", null, null, null);                                              // paused
        ticket(clientA, 4, "ASSIGNED", techId, day, "NONE", null, null, null);                                                      // no SLA
        ticket(clientA, 3, "RESOLVED", null, now.minus(Duration.ofDays(40)), "BREACHED", null, null, now);                          // breached today
        ticket(clientA, 3, "CLOSED", null, now.minus(Duration.ofDays(40)), "BREACHED", null, null, todayStarts.minusSeconds(3600)); // yesterday
        // Client B: more of everything, which nobody scoped to A may count.
        for (int i = 0; i < 7; i++) {
            ticket(clientB, 1, "NEW", adminId, day, "BREACHED", null, null, now);
        }

        // A's devices: online with a warning, offline with the offline alert, never seen, pending, retired.
        String online = device(clientA, "dash-online", "APPROVED", now.plus(Duration.ofMinutes(30)));
        String offline = device(clientA, "dash-offline", "APPROVED", now.minus(Duration.ofHours(1)));
        device(clientA, "dash-never", "APPROVED", null);
        device(clientA, "dash-pending", "PENDING", null);
        device(clientA, "dash-retired", "RETIRED", null);
        alert(online, clientA, FS_WARNING_POLICY, "/", "OPEN");
        alert(online, clientA, FS_WARNING_POLICY, "/data", "RESOLVED");
        alert(offline, clientA, OFFLINE_POLICY, "", "OPEN");
        for (int i = 0; i < 3; i++) {
            String d = device(clientB, "dash-b-" + i, "APPROVED", now.minus(Duration.ofHours(2)));
            alert(d, clientB, OFFLINE_POLICY, "", "OPEN");
        }
    }

    /**
     * The seeded tickets (some overdue, no contract) would otherwise head every other test's queue in this shared
     * database: the clients go with everything they own, and the technician is switched off before their scope empties.
     */
    @AfterEach
    void removeSeed() {
        String version = adminApi().getJson("/api/v1/users/" + techId).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> off = adminApi().json("PUT", "/api/v1/users/" + techId + "/enabled", "{\"enabled\":false}",
                Map.of("If-Match", version));
        assertThat(off.statusCode()).as(off.body()).isIn(200, 204);
        for (String client : new String[] {clientA, clientB}) {
            HttpResponse<String> r = adminApi().json("DELETE", "/api/v1/clients/" + client, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
    }

    @Test
    void restrictedTechnicianSeesExactlyTheirClientsFigures() throws Exception {
        HttpResponse<String> r = tech.getJson("/api/v1/dashboard?zone=UTC");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json.readTree(r.body());

        JsonNode open = d.get("openTickets");
        assertThat(open.get("total").asLong()).isEqualTo(6);
        assertThat(fields(open.get("byStanding"), "ON_TRACK", "AT_RISK", "BREACHED", "PAUSED", "NONE")).isEqualTo("1 1 2 1 1");
        assertThat(row(open, "P1")).isEqualTo("2 1 1 0 0 0");
        assertThat(row(open, "P2")).isEqualTo("2 0 0 2 0 0");
        assertThat(row(open, "P3")).isEqualTo("1 0 0 0 1 0");
        assertThat(row(open, "P4")).isEqualTo("1 0 0 0 0 1");
        assertThat(d.get("breachesToday").asLong()).isEqualTo(2);
        assertThat(d.get("zone").asString()).isEqualTo("UTC");
        assertThat(fields(d.get("alerts"), "total", "critical", "warning")).isEqualTo("2 1 1");
        assertThat(fields(d.get("devices"), "approved", "online", "offline", "alerting", "pending")).isEqualTo("3 1 2 2 1");
        assertThat(d.get("topClients")).hasSize(1);
        assertThat(d.get("topClients").get(0).get("clientId").asString()).isEqualTo(clientA);
        assertThat(d.get("topClients").get(0).get("opened").asLong()).isEqualTo(6);
        JsonNode workload = d.get("workload");
        assertThat(workload.get("unassigned").asLong()).isEqualTo(2);
        assertThat(workload.get("unassignedBreached").asLong()).isEqualTo(1);
        assertThat(workload.get("technicians")).hasSize(2);
        JsonNode first = workload.get("technicians").get(0);
        assertThat(first.get("userId").asString()).isEqualTo(techId);
        assertThat(first.get("open").asLong() + " " + first.get("atRisk").asLong() + " " + first.get("breached").asLong()).isEqualTo("3 1 0");
        JsonNode second = workload.get("technicians").get(1);
        assertThat(second.get("userId").asString()).isEqualTo(adminId);
        assertThat(second.get("open").asLong() + " " + second.get("breached").asLong()).isEqualTo("1 1");

        // Asked again within half a minute, the same answer (as of the same instant) comes back without recounting.
        JsonNode again = json.readTree(tech.getJson("/api/v1/dashboard?zone=UTC").body());
        assertThat(again.get("asOf").asString()).isEqualTo(d.get("asOf").asString());
        assertThat(again.get("openTickets").get("total").asLong()).isEqualTo(6);

        // A wider window reaches the tickets opened 40 days ago.
        JsonNode wide = json.readTree(tech.getJson("/api/v1/dashboard?zone=UTC&days=60").body());
        assertThat(wide.get("topClients").get(0).get("opened").asLong()).isEqualTo(8);
    }

    @Test
    void thePageShowsTheFiguresAndEachLinksToAListWithTheSameCount() {
        String page = tech.page("/?zone=UTC");
        assertThat(stat(page, "stat-open")).isEqualTo("6");
        assertThat(stat(page, "stat-breaches-today")).isEqualTo("2");
        assertThat(stat(page, "stat-alerts")).isEqualTo("2");
        assertThat(stat(page, "stat-alerts-critical")).isEqualTo("1 critical");
        assertThat(stat(page, "stat-offline")).isEqualTo("2");
        assertThat(page).contains("Dashboard A ").doesNotContain("Dashboard B ");

        // The lists behind the figures, with the filters the links carry.
        assertThat(ticketRows(tech.page("/servicedesk?sla=BREACHED"))).isEqualTo(2);
        assertThat(ticketRows(tech.page("/servicedesk?priority=P1&sla=AT_RISK"))).isEqualTo(1);
        assertThat(ticketRows(tech.page("/servicedesk?priority=P3&sla=PAUSED"))).isEqualTo(1);
        assertThat(ticketRows(tech.page("/servicedesk?sla=NONE"))).isEqualTo(1);
        assertThat(ticketRows(tech.page("/servicedesk?sla=ON_TRACK"))).isEqualTo(1);
        assertThat(ticketRows(tech.page("/servicedesk?assignee=" + techId))).isEqualTo(3);
        assertThat(ticketRows(tech.page("/servicedesk?view=unassigned"))).isEqualTo(2);
        // Following the figures' own links.
        assertThat(ticketRows(tech.page(href(page, "stat-open")))).isEqualTo(6);
        assertThat(ticketRows(tech.page(href(page, "stat-breached")))).isEqualTo(2);
        String breachesToday = tech.page(href(page, "stat-breaches-today"));
        assertThat(ticketRows(breachesToday)).isEqualTo(2);
        assertThat(breachesToday).contains("id=\"queue-narrowed\"");
        assertThat(deviceRows(tech.page(href(page, "stat-offline")))).isEqualTo(2);
        assertThat(count(tech.page(href(page, "stat-alerts-critical")), ">dash-offline<")).isEqualTo(1);
        assertThat(count(tech.page("/alerts?state=OPEN&severity=CRITICAL"), "dash-offline")).isEqualTo(1);
        assertThat(tech.page("/alerts?state=OPEN&severity=WARNING")).contains("dash-online").doesNotContain(">dash-offline<");
        String offline = tech.page("/devices?state=OFFLINE");
        assertThat(offline).contains("dash-offline").contains("dash-never").doesNotContain("dash-online").doesNotContain("dash-pending");
    }

    @Test
    void portalUsersSeeOnlyTheirOwnClient() throws Exception {
        Http portalA = portalUser(clientA);
        JsonNode a = json.readTree(portalA.getJson("/api/v1/portal/dashboard").body());
        assertThat(a.get("clientId").asString()).isEqualTo(clientA);
        assertThat(a.get("openTickets").asLong()).isEqualTo(6);
        assertThat(fields(a.get("openByStatus"), "NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_ON_CLIENT")).isEqualTo("2 2 1 1");
        assertThat(a.get("recentOpen")).hasSize(6);
        assertThat(fields(a.get("devices"), "approved", "online", "offline", "alerting", "pending")).isEqualTo("3 1 2 2 1");
        assertThat(a.get("alertingDevices")).hasSize(2);
        assertThat(a.get("alertingDevices").get(0).get("hostname").asString()).isEqualTo("dash-offline");
        assertThat(a.get("alertingDevices").get(0).get("worstSeverity").asString()).isEqualTo("CRITICAL");
        assertThat(a.has("latestReport")).as("no stored report: the field is left out like every null").isFalse();
        String home = portalA.page("/portal");
        assertThat(stat(home, "portal-open")).isEqualTo("6");
        assertThat(stat(home, "portal-offline")).isEqualTo("2 offline");
        assertThat(stat(home, "portal-alerting")).isEqualTo("2 with alerts");
        assertThat(home).contains("No report yet").contains("dash-offline").doesNotContain("dash-b-").doesNotContain("Dashboard B ");

        // Once a month's report is stored (by the schedule; written directly here, the client is too new to have an
        // ended month), the portal links the newest one.
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO monthly_report (client_id, month, generated_at, generated_by, report_json, pdf)
                VALUES (?, DATE '2026-09-01', now(), 'test', '{}', '\\x00'), (?, DATE '2026-10-01', now(), 'test', '{}', '\\x00')""")
                .params(java.util.UUID.fromString(clientA), java.util.UUID.fromString(clientA)).update());
        JsonNode stored = json.readTree(portalA.getJson("/api/v1/portal/dashboard").body()).get("latestReport");
        assertThat(stored.get("month").asString()).isEqualTo("2026-10");
        assertThat(stored.get("href").asString()).isEqualTo("/portal/reports/2026-10");
        assertThat(portalA.page("/portal")).contains("href=\"/portal/reports/2026-10\"", "October 2026").doesNotContain("No report yet");

        Http portalB = portalUser(clientB);
        JsonNode b = json.readTree(portalB.getJson("/api/v1/portal/dashboard").body());
        assertThat(b.get("clientId").asString()).isEqualTo(clientB);
        assertThat(b.get("openTickets").asLong()).isEqualTo(7);
        assertThat(b.get("devices").get("offline").asLong()).isEqualTo(3);
        assertThat(portalB.page("/portal")).doesNotContain("dash-online").doesNotContain("Dashboard A ");

        // Each side's dashboard is closed to the other kind of user.
        assertThat(portalA.getJson("/api/v1/dashboard").statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/portal/dashboard").statusCode()).isEqualTo(403);
    }

    @Test
    void badParametersAreProblems() {
        for (String[] bad : new String[][] {{"zone=Mars/Olympus", "zone"}, {"days=0", "days"}, {"days=367", "days"}, {"days=abc", "days"}}) {
            HttpResponse<String> r = tech.getJson("/api/v1/dashboard?" + bad[0]);
            assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).as(bad[0]).contains("\"" + bad[1] + "\"");
        }
        assertThat(tech.getJson("/api/v1/tickets?sla=LATE").statusCode()).isEqualTo(400);
        assertThat(tech.getJson("/api/v1/tickets?breachedFrom=yesterday").statusCode()).isEqualTo(400);
        assertThat(tech.getJson("/api/v1/alerts?severity=LOUD").statusCode()).isEqualTo(400);
        assertThat(tech.getJson("/api/v1/devices?state=ASLEEP").statusCode()).isEqualTo(400);
        assertThat(tech.get("/?zone=Mars/Olympus").statusCode()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesBothDashboards() throws Exception {
        JsonNode paths = json.readTree(http().getJson("/api/docs.json").body()).get("paths");
        JsonNode msp = paths.get("/api/v1/dashboard").get("get");
        assertThat(msp.get("tags").toString()).contains("Dashboards");
        assertThat(msp.get("parameters").toString()).contains("\"zone\"", "\"days\"");
        assertThat(paths.get("/api/v1/portal/dashboard").get("get").get("summary").asString()).contains("portal");
        assertThat(paths.get("/api/v1/tickets").get("get").get("parameters").toString()).contains("breachedFrom", "PAUSED");
    }

    @Test
    void breachesTodayFollowTheViewersTimeZone() throws Exception {
        // A zone whose midnight is after the recorded breaches would count none of them; one whose midnight is before
        // counts both. Kiribati (UTC+14) and Niue (UTC-11) are 25 hours apart, so at least one differs from UTC's day.
        JsonNode utc = json.readTree(tech.getJson("/api/v1/dashboard?zone=UTC").body());
        for (String zone : new String[] {"Pacific/Kiritimati", "Pacific/Niue"}) {
            JsonNode d = json.readTree(tech.getJson("/api/v1/dashboard?zone=" + zone).body());
            Instant midnight = Instant.parse(d.get("todayStartsAt").asString());
            assertThat(midnight.atZone(java.time.ZoneId.of(zone)).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
            long expected = (midnight.isAfter(now) ? 0 : 2) + (midnight.isAfter(todayStartsUtc().minusSeconds(3600)) ? 0 : 1);
            assertThat(d.get("breachesToday").asLong()).as(zone).isEqualTo(expected);
        }
        assertThat(utc.get("todayStartsAt").asString()).isEqualTo(todayStartsUtc().toString());
    }

    private Instant todayStartsUtc() {
        return now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    // ---- seeding

    private String createClient(String name) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients", "{\"name\":\"" + name + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private String[] createUser(String body) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/users", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new String[] {jsonString(r.body(), "id"), jsonString(r.body(), "oneTimePassword"), jsonString(r.body(), "email")};
    }

    private Http portalUser(String client) {
        String email = "dash-portal-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        String[] created = createUser("{\"email\":\"" + email + "\",\"displayName\":\"Portal Person\",\"role\":\"CLIENT_USER\",\"clientId\":\""
                + client + "\"}");
        return firstSignIn(email, created[1]);
    }

    private void ticket(String client, int priority, String status, String assignee, Instant opened, String slaState, Instant resolutionDue,
                        Instant warnAt, Instant breachedAt) {
        UUID id = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            jdbc.sql("""
                    INSERT INTO ticket (id, client_id, type, title, impact, urgency, priority, status, tier, assignee_id, source, opened_at,
                        resolved_at, created_at, updated_at, sla_resolution_due, sla_warn_at, sla_state, sla_breached_at)
                    VALUES (?, ?, 'INCIDENT', ?, 2, 2, ?, ?, 1, ?, 'WEB', ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, UUID.fromString(client), "Dashboard seed " + status + " " + slaState, priority, status,
                            assignee == null ? null : UUID.fromString(assignee), ts(opened),
                            "RESOLVED".equals(status) || "CLOSED".equals(status) ? ts(now) : null, ts(opened), ts(opened), ts(resolutionDue),
                            ts(warnAt), slaState, ts(breachedAt))
                    .update();
            // Mark the warning and breach as announced already, so the SLA watch leaves the seeded projection alone.
            for (String kind : new String[] {"WARNING", "BREACH"}) {
                if (resolutionDue != null) {
                    jdbc.sql("INSERT INTO sla_alert (ticket_id, client_id, kind, due_at, raised_at) VALUES (?, ?, ?, ?, ?)")
                            .params(id, UUID.fromString(client), kind, ts(resolutionDue), ts(now)).update();
                }
            }
        });
    }

    private String device(String client, String hostname, String status, Instant lastSeen) {
        UUID id = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO device (id, client_id, hostname, public_key, key_fingerprint, status, enrolled_at, last_seen_at)
                        VALUES (?, ?, ?, 'not-a-key', ?, ?, ?, ?)""")
                .params(id, UUID.fromString(client), hostname, "fp-" + id, status, ts(now.minus(Duration.ofDays(2))), ts(lastSeen)).update());
        return id.toString();
    }

    private void alert(String device, String client, UUID policy, String instance, String state) {
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, resolved_at, last_value)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)""")
                .params(UUID.randomUUID(), UUID.fromString(device), UUID.fromString(client), policy, instance, state,
                        ts(now.minusSeconds(600)), "RESOLVED".equals(state) ? ts(now.minusSeconds(60)) : null).update());
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    // ---- reading

    private static String row(JsonNode open, String priority) {
        for (JsonNode r : open.get("byPriority")) {
            if (r.get("priority").asString().equals(priority)) {
                return r.get("total").asLong() + " " + r.get("onTrack").asLong() + " " + r.get("atRisk").asLong() + " "
                        + r.get("breached").asLong() + " " + r.get("paused").asLong() + " " + r.get("none").asLong();
            }
        }
        throw new AssertionError("no row for " + priority);
    }

    private static String stat(String page, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(page);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1).trim();
    }

    private static String fields(JsonNode node, String... names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            assertThat(node.has(n)).as(n + " in " + node).isTrue();
            sb.append(sb.isEmpty() ? "" : " ").append(node.get(n).asLong());
        }
        return sb.toString();
    }

    private static String href(String page, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"" + id + "\" href=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("link " + id).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static int deviceRows(String devicesPage) {
        int start = devicesPage.indexOf("id=\"devices\"");
        return count(devicesPage.substring(start, devicesPage.indexOf("</tbody>", start)), "href=\"/devices/");
    }

    private static int ticketRows(String queuePage) {
        String rows = queuePage.substring(queuePage.indexOf("id=\"ticket-rows\""), queuePage.indexOf("</tbody>", queuePage.indexOf("id=\"ticket-rows\"")));
        return count(rows, "href=\"/tickets/");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
