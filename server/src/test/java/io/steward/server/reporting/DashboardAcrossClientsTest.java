package io.steward.server.reporting;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.OwnSeed.ts;
import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff dashboard across the clients a technician serves: three clients of the test's own in the technician's
 * scope and one outside it with more of everything. The figures add up over the three, the clients are ranked by
 * breached and open tickets and then alerts, and the changes awaiting approval are counted and listed; nothing of the
 * fourth client shows, by API or page.
 */
class DashboardAcrossClientsTest extends IntegrationTest {
    static final UUID OFFLINE_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e00");
    static final UUID FS_WARNING_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e01");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    final ObjectMapper json = new ObjectMapper();
    Instant now;
    String a;
    String b;
    String d;
    String outside;
    String techId;
    Http tech;
    String changeTitle;

    @BeforeEach
    void seed() {
        now = clock.instant();
        a = OwnData.client(adminApi(), "Across A");
        b = OwnData.client(adminApi(), "Across B");
        d = OwnData.client(adminApi(), "Across D");
        outside = OwnData.client(adminApi(), "Across Outside");
        OwnSeed.Technician user = OwnSeed.technician(adminApi(), a, b, d);
        techId = user.id();
        tech = firstSignIn(user.email(), user.oneTimePassword());

        // A: one breached, two on track, one offline device with its alert, and a change submitted for approval.
        ticket(a, "BREACHED");
        ticket(a, "ON_TRACK");
        ticket(a, "ON_TRACK");
        alert(OwnSeed.deviceRow(jdbc, a, "across-a-1", "APPROVED", now.minus(Duration.ofHours(1)), now), a, OFFLINE_POLICY, "");
        changeTitle = "Across change " + UUID.randomUUID();
        String change = change(a, changeTitle);
        HttpResponse<String> submitted = adminApi().json("POST", "/api/v1/tickets/" + change + "/change/submit", null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        // B: two breached, one at risk, an offline device without alerts, and a change still in draft. The device was
        // never heard from: one heard from long ago would be the offline sweep's to alert on, whenever it runs.
        ticket(b, "BREACHED");
        ticket(b, "BREACHED");
        ticket(b, "AT_RISK");
        OwnSeed.deviceRow(jdbc, b, "across-b-1", "APPROVED", null, now);
        change(b, "Across draft change");
        // D: no tickets, an online device with two open alerts.
        String online = OwnSeed.deviceRow(jdbc, d, "across-d-1", "APPROVED", now.plus(Duration.ofMinutes(5)), now);
        alert(online, d, FS_WARNING_POLICY, "/");
        alert(online, d, FS_WARNING_POLICY, "/data");
        // Outside the technician's scope: more of everything.
        for (int i = 0; i < 5; i++) {
            ticket(outside, "BREACHED");
        }
        alert(OwnSeed.deviceRow(jdbc, outside, "across-out-1", "APPROVED", null, now), outside, OFFLINE_POLICY, "");
        HttpResponse<String> outsideChange = adminApi().json("POST", "/api/v1/tickets/" + change(outside, "Across outside change") + "/change/submit", null);
        assertThat(outsideChange.statusCode()).as(outsideChange.body()).isEqualTo(200);
    }

    /** The overdue tickets seeded here would head other tests' queues in the shared database. */
    @AfterEach
    void removeSeed() {
        OwnSeed.disableUser(adminApi(), techId);
        OwnSeed.deleteClients(adminApi(), a, b, d, outside);
    }

    @Test
    void theFiguresAddUpAcrossTheTechniciansClientsOnly() throws Exception {
        HttpResponse<String> r = tech.getJson("/api/v1/dashboard?zone=UTC");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode dash = json.readTree(r.body());
        // Tickets: A's three and its change, B's three and its draft change.
        assertThat(dash.get("openTickets").get("total").asLong()).isEqualTo(8);
        JsonNode standing = dash.get("openTickets").get("byStanding");
        assertThat(standing.get("BREACHED").asLong() + " " + standing.get("AT_RISK").asLong() + " " + standing.get("ON_TRACK").asLong()
                + " " + standing.get("NONE").asLong()).isEqualTo("3 1 2 2");
        assertThat(dash.get("breachesToday").asLong()).isEqualTo(3);
        assertThat(dash.get("workload").get("unassigned").asLong()).isEqualTo(8);
        assertThat(dash.get("devices").get("approved").asLong() + " " + dash.get("devices").get("offline").asLong()).isEqualTo("3 2");
        assertThat(dash.get("alerts").get("total").asLong()).isEqualTo(3);

        List<String> ranked = new ArrayList<>();
        dash.get("clients").forEach(c -> ranked.add(c.get("clientId").asString() + " " + c.get("open").asLong() + " " + c.get("breached").asLong()
                + " " + c.get("atRisk").asLong() + " " + c.get("alerts").asLong()));
        assertThat(ranked).containsExactly(b + " 4 2 1 0", a + " 4 1 0 1", d + " 0 0 0 2");
        assertThat(dash.get("clients").get(0).get("name").asString()).startsWith("Across B ");

        JsonNode changes = dash.get("changes");
        assertThat(changes.get("total").asLong()).isEqualTo(1);
        assertThat(changes.get("first")).hasSize(1);
        assertThat(changes.get("first").get(0).get("title").asString()).isEqualTo(changeTitle);
        assertThat(changes.get("first").get(0).get("clientId").asString()).isEqualTo(a);
        assertThat(r.body()).doesNotContain(outside, "Across outside change");
    }

    @Test
    void thePageRanksTheClientsAndLinksEachToItsOwnViews() {
        String page = tech.page("/?zone=UTC");
        String table = page.substring(page.indexOf("id=\"client-standings\""), page.indexOf("</table>", page.indexOf("id=\"client-standings\"")));
        assertThat(table.indexOf("data-client=\"" + b + "\"")).isPositive().isLessThan(table.indexOf("data-client=\"" + a + "\""));
        assertThat(table.indexOf("data-client=\"" + a + "\"")).isLessThan(table.indexOf("data-client=\"" + d + "\""));
        assertThat(table).contains("href=\"/clients/" + b + "\"", "href=\"/servicedesk?clientId=" + b + "&amp;sla=BREACHED\"",
                "href=\"/servicedesk/board?clientId=" + b + "\"");
        assertThat(page).doesNotContain(outside, "Across Outside", "Across outside change");
        assertThat(page).contains("id=\"stat-changes\" href=\"/servicedesk/changes\">1<", "id=\"stat-unassigned\" href=\"/servicedesk?view=unassigned\">8<",
                changeTitle);
        // The per-client view the dashboard links to answers for a client in scope, and not for the one outside.
        assertThat(tech.get("/clients/" + b).statusCode()).isEqualTo(200);
        assertThat(tech.get("/clients/" + outside).statusCode()).isEqualTo(404);
        // The breached link lists exactly that client's breached tickets.
        assertThat(count(tech.page("/servicedesk?clientId=" + b + "&sla=BREACHED"), "Across seed BREACHED")).isEqualTo(2);
    }

    // ---- seeding

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private String change(String client, String title) {
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"CHANGE\",\"title\":\"" + title + "\",\"impact\":\"MEDIUM\",\"urgency\":\"LOW\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        HttpResponse<String> planned = adminApi().json("PUT", "/api/v1/tickets/" + id + "/change/plan",
                "{\"risk\":\"LOW\",\"implementationPlan\":\"Do it\",\"backoutPlan\":\"Undo it\",\"approvalsRequired\":1}");
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
        return id;
    }

    /** An unassigned open ticket standing as named; its moments are marked announced, so the SLA watch leaves it as written. */
    private void ticket(String client, String standing) {
        Instant due = switch (standing) {
            case "BREACHED" -> now.minus(Duration.ofMinutes(5));
            default -> now.plus(Duration.ofHours(2));
        };
        Instant warn = "ON_TRACK".equals(standing) ? now.plus(Duration.ofHours(1)) : now.minus(Duration.ofMinutes(10));
        Instant opened = now.minus(Duration.ofHours(3));
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO ticket (id, client_id, type, title, impact, urgency, priority, status, tier, source, opened_at, created_at,
                            updated_at, sla_resolution_due, sla_warn_at, sla_state, sla_breached_at, sla_warn_noted, sla_breach_noted)
                        VALUES (?, ?, 'INCIDENT', ?, 2, 2, 2, 'NEW', 1, 'WEB', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), UUID.fromString(client), "Across seed " + standing, ts(opened), ts(opened), ts(opened), ts(due), ts(warn),
                        "BREACHED".equals(standing) ? "BREACHED" : "RUNNING", "BREACHED".equals(standing) ? ts(now) : null, ts(due), ts(due))
                .update());
    }

    private void alert(String device, String client, UUID policy, String instance) {
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value)
                        VALUES (?, ?, ?, ?, ?, 'OPEN', ?, 1)""")
                .params(UUID.randomUUID(), UUID.fromString(device), UUID.fromString(client), policy, instance, ts(now.minusSeconds(600))).update());
    }
}
