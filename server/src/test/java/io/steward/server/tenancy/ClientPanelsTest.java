package io.steward.server.tenancy;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client page's panels (open tickets, devices, contract in force, last report), each served by the module that owns
 * the data, and the same over the API: two clients of the test's own, each panel shows its client's and nothing of the
 * other's, and a client outside the viewer's scope is a 404 everywhere.
 */
class ClientPanelsTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    final ObjectMapper json = new ObjectMapper();
    Instant now;
    String a;
    String b;
    String urgent;
    String later;

    @BeforeEach
    void seed() {
        now = clock.instant();
        a = OwnData.client(adminApi(), "Panels A");
        b = OwnData.client(adminApi(), "Panels B");
        OwnSeed.premiumContract(adminApi(), a, "PANEL-A", "2025-01-01", null);
        OwnSeed.premiumContract(adminApi(), a, "OLD-A", "2020-01-01", "2020-12-31");
        OwnSeed.premiumContract(adminApi(), b, "PANEL-B", "2025-01-01", null);
        urgent = OwnSeed.incident(adminApi(), a, "Panel urgent", "HIGH", "HIGH");
        later = OwnSeed.incident(adminApi(), a, "Panel later", "LOW", "LOW");
        String closed = OwnSeed.incident(adminApi(), a, "Panel closed", "LOW", "LOW");
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE ticket SET status = 'CLOSED', resolved_at = ?, closed_at = ? WHERE id = ?")
                .params(ts(now), ts(now), UUID.fromString(closed)).update());
        OwnSeed.incident(adminApi(), b, "Panel B ticket", "LOW", "LOW");
        OwnSeed.deviceRow(jdbc, a, "panel-a-online", "APPROVED", now.plus(Duration.ofMinutes(5)), now);
        OwnSeed.deviceRow(jdbc, a, "panel-a-offline", "APPROVED", now.minus(Duration.ofHours(3)), now);
        OwnSeed.deviceRow(jdbc, a, "panel-a-never", "APPROVED", null, now);
        OwnSeed.deviceRow(jdbc, a, "panel-a-pending", "PENDING", null, now);
        OwnSeed.deviceRow(jdbc, a, "panel-a-retired", "RETIRED", null, now);
        OwnSeed.deviceRow(jdbc, b, "panel-b-host", "APPROVED", now, now);
        // Stored reports are written by the monthly schedule; a client this new has no ended month, so they are written here.
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO monthly_report (client_id, month, generated_at, generated_by, report_json, pdf)
                VALUES (?, DATE '2026-09-01', now(), 'test', '{}', '\\x00'), (?, DATE '2026-10-01', now(), 'test', '{}', '\\x00'),
                       (?, DATE '2026-08-01', now(), 'test', '{}', '\\x00')""")
                .params(UUID.fromString(a), UUID.fromString(a), UUID.fromString(b)).update());
    }

    /** The P1 here is overdue in 15 minutes and would head other tests' queues in the shared database. */
    @AfterEach
    void removeSeed() {
        OwnSeed.deleteClients(adminApi(), a, b);
    }

    @Test
    void thePageLoadsEachPanelFromItsOwner() {
        String page = admin().page("/clients/" + a);
        for (String panel : new String[] {"tickets", "devices", "contract", "report"}) {
            assertThat(page).contains("hx-get=\"/clients/" + a + "/panels/" + panel + "\"");
        }
    }

    @Test
    void eachPanelShowsItsClientsDataAndNothingOfAnother() {
        String tickets = admin().page("/clients/" + a + "/panels/tickets");
        assertThat(tickets).contains("id=\"panel-tickets-total\" href=\"/servicedesk?clientId=" + a + "\">2 open<", "Panel urgent", "Panel later",
                "href=\"/tickets/" + urgent + "\"", "href=\"/tickets/" + later + "\"")
                .doesNotContain("Panel closed", "Panel B ticket");
        // The P1 is due for its first response (15 minutes) long before its resolution, and comes first.
        assertThat(tickets.indexOf("Panel urgent")).isLessThan(tickets.indexOf("Panel later"));
        String urgentRow = tickets.substring(tickets.indexOf("Panel urgent"), tickets.indexOf("</tr>", tickets.indexOf("Panel urgent")));
        assertThat(urgentRow).contains(">P1<", ">New<", "<span class=\"due-clock\">response</span>");

        String devices = admin().page("/clients/" + a + "/panels/devices");
        assertThat(devices).contains(">1 online<", ">2 offline<", ">1 pending<", "href=\"/devices?clientId=" + a + "\"",
                "panel-a-online", "panel-a-offline", "panel-a-never", "panel-a-pending")
                .doesNotContain("panel-a-retired", "panel-b-host");
        assertThat(devices.indexOf("panel-a-never")).as("offline first").isLessThan(devices.indexOf("panel-a-pending"));
        assertThat(devices.indexOf("panel-a-pending")).isLessThan(devices.indexOf("panel-a-online"));

        String contract = admin().page("/clients/" + a + "/panels/contract");
        assertThat(contract).contains(">PANEL-A<", ">Premium<", ">2025-01-01<", "href=\"/clients/" + a + "/contracts\"")
                .doesNotContain("OLD-A", "PANEL-B");

        String report = admin().page("/clients/" + a + "/panels/report");
        assertThat(report).contains("href=\"/clients/" + a + "/reports/2026-10\"").doesNotContain("2026-08");

        assertThat(admin().page("/clients/" + b + "/panels/tickets")).contains("Panel B ticket", ">1 open<").doesNotContain("Panel urgent");
        assertThat(admin().page("/clients/" + b + "/panels/report")).contains("/clients/" + b + "/reports/2026-08").doesNotContain("2026-10");
    }

    @Test
    void theOverviewOverTheApi() throws Exception {
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/" + a + "/overview");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = json.readTree(r.body());
        assertThat(o.get("clientId").asString()).isEqualTo(a);
        assertThat(o.get("openTotal").asLong()).isEqualTo(2);
        assertThat(o.get("openTickets").get(0).get("id").asString()).isEqualTo(urgent);
        assertThat(o.get("openTickets").get(0).get("dueClock").asString()).isEqualTo("RESPONSE");
        assertThat(o.get("openTickets").get(1).get("id").asString()).isEqualTo(later);
        JsonNode devices = o.get("devices");
        assertThat(devices.get("approved").asLong() + " " + devices.get("online").asLong() + " " + devices.get("offline").asLong() + " "
                + devices.get("pending").asLong()).isEqualTo("3 1 2 1");
        assertThat(devices.get("first")).hasSize(4);
        assertThat(devices.get("first").get(0).get("state").asString()).isEqualTo("OFFLINE");
        assertThat(o.get("contract").get("contract").get("reference").asString()).isEqualTo("PANEL-A");
        assertThat(o.get("contract").get("tierName").asString()).isEqualTo("Premium");
        assertThat(o.get("latestReport").get("month").asString()).isEqualTo("2026-10");
        assertThat(r.body()).doesNotContain("Panel B ticket", "panel-b-host", "PANEL-B", "Panel closed");

        JsonNode paths = json.readTree(http().getJson("/api/docs.json").body()).get("paths");
        assertThat(paths.get("/api/v1/clients/{clientId}/overview").get("get").get("summary").asString()).contains("at a glance");
    }

    @Test
    void aClientOutsideTheScopeIsNotFoundOnEveryPanelAndTheApi() {
        OwnSeed.Technician user = OwnSeed.technician(adminApi(), a);
        Http tech = firstSignIn(user.email(), user.oneTimePassword());
        for (String panel : new String[] {"tickets", "devices", "contract", "report"}) {
            assertThat(tech.get("/clients/" + a + "/panels/" + panel).statusCode()).as(panel).isEqualTo(200);
            assertThat(tech.get("/clients/" + b + "/panels/" + panel).statusCode()).as(panel).isEqualTo(404);
            assertThat(admin().get("/clients/" + UUID.randomUUID() + "/panels/" + panel).statusCode()).as(panel).isEqualTo(404);
        }
        assertThat(tech.getJson("/api/v1/clients/" + a + "/overview").statusCode()).isEqualTo(200);
        assertThat(tech.getJson("/api/v1/clients/" + b + "/overview").statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/clients/" + UUID.randomUUID() + "/overview").statusCode()).isEqualTo(404);

        OwnSeed.disableUser(adminApi(), user.id());
    }
}
