package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tickets monitoring opens are the MSP's internal work: a client contact sees them only when the MSP turned
 * portalShowsAlertTickets on for their client. Staff see them either way.
 */
class PortalAlertTicketsTest extends IntegrationTest {
    String client;
    String alertTicket;
    String alertTitle;
    String portalTitle;
    Http contact;

    @BeforeEach
    void ownClientWithAnAlertTicketAndAPortalTicket() {
        client = OwnData.client(adminApi(), "Alert tickets");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alertTitle = "Device offline on vm-" + suffix;
        HttpResponse<String> alert = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"type\":\"INCIDENT\",\"title\":\""
                + alertTitle + "\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\",\"source\":\"ALERT\"}");
        assertThat(alert.statusCode()).as(alert.body()).isEqualTo(201);
        alertTicket = jsonString(alert.body(), "id");

        String email = "alert-contact-" + suffix + "@client.example";
        HttpResponse<String> user = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Alert Contact\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        contact = firstSignIn(email, jsonString(user.body(), "oneTimePassword"));
        portalTitle = "Printer jams " + suffix;
        HttpResponse<String> own = contact.json("POST", "/api/v1/tickets", "{\"type\":\"INCIDENT\",\"title\":\"" + portalTitle
                + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    }

    @AfterEach
    void removeOwnClient() {
        assertThat(adminApi().json("DELETE", "/api/v1/clients/" + client, null).statusCode()).isEqualTo(204);
    }

    @Test
    void alertTicketsAreHiddenFromTheContactByDefaultAndShownOnceTheMspTurnsThemOn() {
        assertThat(adminApi().getJson("/api/v1/clients/" + client).body()).contains("\"portalShowsAlertTickets\":false");
        assertHidden();
        // Staff see it all the same.
        assertThat(adminApi().getJson("/api/v1/tickets/" + alertTicket).statusCode()).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/tickets?status=all&clientId=" + client).body()).contains(alertTitle).contains(portalTitle);

        // Through the client API, with the version read; a stale version is refused.
        HttpResponse<String> read = adminApi().getJson("/api/v1/clients/" + client);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        String body = "{\"name\":\"" + jsonString(read.body(), "name") + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\","
                + "\"portalShowsAlertTickets\":true}";
        assertThat(adminApi().json("PUT", "/api/v1/clients/" + client, body, Map.of("If-Match", "\"999\"")).statusCode()).isEqualTo(412);
        HttpResponse<String> on = adminApi().json("PUT", "/api/v1/clients/" + client, body, Map.of("If-Match", etag));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(on.body()).contains("\"portalShowsAlertTickets\":true");

        assertThat(contact.getJson("/api/v1/tickets/" + alertTicket).statusCode()).isEqualTo(200);
        assertThat(contact.get("/portal/tickets/" + alertTicket).statusCode()).isEqualTo(200);
        assertThat(contact.page("/portal/tickets?show=all")).contains(alertTitle).contains(portalTitle);
        assertThat(contact.getJson("/api/v1/tickets?status=all").body()).contains(alertTitle);
        assertThat(contact.getJson("/api/v1/portal/dashboard").body()).contains("\"openTickets\":2").contains(alertTitle);
        assertThat(contact.page("/portal")).contains(alertTitle);

        // A PUT that leaves the setting out keeps it.
        String etag2 = on.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> renamed = adminApi().json("PUT", "/api/v1/clients/" + client, "{\"name\":\"" + jsonString(read.body(), "name")
                + " renamed\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}", Map.of("If-Match", etag2));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.body()).contains("\"portalShowsAlertTickets\":true");

        // The client edit page turns it off again.
        Http admin = admin();
        String form = admin.page("/clients/" + client + "/edit");
        assertThat(form).contains("name=\"portalShowsAlertTickets\"");
        HttpResponse<String> off = admin.postForm("/clients/" + client + "/edit", Map.of("version", Text.match(renamed.body(), "\"version\":(\\d+)"),
                "name", jsonString(renamed.body(), "name"), "timeZone", "Europe/Berlin", "status", "ACTIVE", "notes", "",
                "portalShowsAlertTickets", "false"));
        assertThat(off.statusCode()).as(off.body()).isEqualTo(302);
        assertThat(admin.page("/clients/" + client)).contains("id=\"client-portal-alerts\">Hidden<");
        assertHidden();
    }

    private void assertHidden() {
        assertThat(contact.getJson("/api/v1/tickets/" + alertTicket).statusCode()).isEqualTo(404);
        assertThat(contact.get("/portal/tickets/" + alertTicket).statusCode()).isEqualTo(404);
        assertThat(contact.getJson("/api/v1/tickets/" + alertTicket + "/history").statusCode()).isEqualTo(404);
        String list = contact.page("/portal/tickets?show=all");
        assertThat(list).contains(portalTitle).doesNotContain(alertTitle);
        assertThat(contact.getJson("/api/v1/tickets?status=all").body()).contains(portalTitle).doesNotContain(alertTitle);
        assertThat(contact.getJson("/api/v1/tickets?q=offline").body()).doesNotContain(alertTitle);
        String dashboard = contact.getJson("/api/v1/portal/dashboard").body();
        assertThat(dashboard).contains("\"openTickets\":1").doesNotContain(alertTitle);
        assertThat(contact.page("/portal")).contains(portalTitle).doesNotContain(alertTitle);
    }
}
