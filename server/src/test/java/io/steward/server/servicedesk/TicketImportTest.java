package io.steward.server.servicedesk;

import java.net.http.HttpResponse;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Historical import: original timestamps and history in, SLA computed as if Steward had been there. */
class TicketImportTest extends IntegrationTest {

    @Test
    void anImportedP1WithALateFirstReplyIsBreachedAtTheRightInstant() {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String body = """
                {"tickets":[{"externalRef":"CW-88121","clientId":"%s","type":"INCIDENT","title":"ERP down (imported)",
                  "impact":"HIGH","urgency":"HIGH","openedAt":"2026-11-02T08:00:00Z","source":"EMAIL",
                  "events":[{"at":"2026-11-02T08:30:00Z","kind":"PUBLIC_REPLY","body":"On it","actor":"old.tech@msp.example"},
                            {"at":"2026-11-02T08:31:00Z","kind":"STATUS","status":"IN_PROGRESS"},
                            {"at":"2026-11-02T11:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"CW-1","clientId":"%s","type":"SERVICE_REQUEST","title":"Before any contract","impact":"LOW",
                  "urgency":"LOW","openedAt":"2020-01-06T10:00:00Z"}]}""".formatted(alpine, alpine);
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets/import", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"externalRef\":\"CW-88121\"", "\"status\":\"RESOLVED\"", "\"state\":\"BREACHED\"",
                "\"breachedAt\":\"2026-11-02T08:15:00Z\"", "\"externalRef\":\"CW-1\"", "\"state\":\"NONE\"");
        String id = jsonString(r.body(), "id");
        String ticket = adminApi().getJson("/api/v1/tickets/" + id).body();
        assertThat(ticket).contains("\"openedAt\":\"2026-11-02T08:00:00Z\"", "\"firstResponseAt\":\"2026-11-02T08:30:00Z\"",
                "\"resolvedAt\":\"2026-11-02T11:00:00Z\"", "\"priority\":\"P1\"");
        String sla = adminApi().getJson("/api/v1/tickets/" + id + "/sla").body();
        assertThat(sla).contains("\"kind\":\"BREACHED\"", "\"kind\":\"MET\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/history").body()).contains("old.tech@msp.example", "On it");
    }

    @Test
    void aBadItemRejectsTheWholeImport() {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        long before = total();
        String body = """
                {"tickets":[{"clientId":"%s","type":"INCIDENT","title":"Fine","impact":"LOW","urgency":"LOW","openedAt":"2026-11-02T08:00:00Z"},
                 {"clientId":"%s","type":"INCIDENT","title":"Out of order","impact":"LOW","urgency":"LOW","openedAt":"2026-11-02T08:00:00Z",
                  "events":[{"at":"2026-11-02T07:00:00Z","kind":"STATUS","status":"RESOLVED"}]}]}""".formatted(alpine, alpine);
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets/import", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("tickets[1].events[0].at");
        assertThat(total()).isEqualTo(before);
        assertThat(adminApi().json("POST", "/api/v1/tickets/import", "{\"tickets\":[]}").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/tickets/import", body.replace("07:00", "09:00").replace("\"status\":\"RESOLVED\"", "\"status\":\"MAYBE\""))
                .statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.TIER1).json("POST", "/api/v1/tickets/import", body).statusCode()).isEqualTo(403);
    }

    @Test
    void anImportedAssignmentSetsTheAssigneeAndItsHistory() {
        String client = jsonString(adminApi().json("POST", "/api/v1/clients", "{\"name\":\"Import assign " + java.util.UUID.randomUUID()
                + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}").body(), "id");
        try {
            String tier2 = jsonString(adminApi().getJson("/api/v1/users?q=tier2@demo").body(), "id");
            String body = """
                    {"tickets":[{"clientId":"%s","type":"INCIDENT","title":"Assigned before Steward","impact":"LOW","urgency":"LOW",
                      "openedAt":"2026-11-02T08:00:00Z",
                      "events":[{"at":"2026-11-02T08:10:00Z","kind":"ASSIGNED","assigneeId":"%s","actor":"old.dispatcher@msp.example"},
                                {"at":"2026-11-02T08:10:00Z","kind":"STATUS","status":"ASSIGNED"}]}]}""".formatted(client, tier2);
            HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets/import", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String id = jsonString(r.body(), "id");
            assertThat(adminApi().getJson("/api/v1/tickets/" + id).body()).contains("\"assigneeId\":\"" + tier2 + "\"", "\"status\":\"ASSIGNED\"");
            assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/history").body()).contains("\"kind\":\"ASSIGNED\"", "old.dispatcher@msp.example");

            HttpResponse<String> stranger = adminApi().json("POST", "/api/v1/tickets/import", body.replace(tier2, java.util.UUID.randomUUID().toString()));
            assertThat(stranger.statusCode()).isEqualTo(400);
            assertThat(stranger.body()).contains("tickets[0].events[0].assigneeId");
        } finally {
            adminApi().json("DELETE", "/api/v1/clients/" + client, null);
        }
    }

    private long total() {
        return Long.parseLong(io.steward.server.support.Text.match(adminApi().getJson("/api/v1/tickets?status=all&size=1").body(), "\"total\":(\\d+)"));
    }
}
