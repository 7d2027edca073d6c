package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticket templates by API and page: MSP admins and service managers write them, every technician (tier 1 too) reads and
 * uses them, a client's template is not seen by staff who do not serve that client, and a refused form keeps its input.
 * Names carry a random suffix: other tests' templates are in the same database.
 */
class TicketTemplatesTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    String client;
    String suffix;

    @BeforeEach
    void seed() {
        client = OwnData.client(adminApi(), "Templates");
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void managersWriteTemplatesAndTechniciansUseThem() {
        Http manager = signedIn(DemoLogins.MANAGER);
        HttpResponse<String> created = manager.json("POST", "/api/v1/ticket-templates", "{\"name\":\"New starter " + suffix + "\","
                + "\"type\":\"SERVICE_REQUEST\",\"title\":\"New starter account\",\"description\":\"Name, start date, manager\","
                + "\"category\":\"Accounts\",\"impact\":\"LOW\",\"urgency\":\"MEDIUM\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode t = JSON.readTree(created.body());
        String id = t.get("id").asString();
        assertThat(t.hasNonNull("clientId")).isFalse();
        assertThat(created.headers().firstValue("ETag").orElseThrow()).isEqualTo("\"0\"");

        Http tier1 = signedIn(DemoLogins.TIER1);
        assertThat(tier1.getJson("/api/v1/ticket-templates").body()).contains(id, "New starter " + suffix);
        HttpResponse<String> draft = tier1.getJson("/api/v1/ticket-templates/" + id + "/draft?clientId=" + client);
        assertThat(draft.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(draft.body()).get("clientId").asString()).isEqualTo(client);
        assertThat(JSON.readTree(draft.body()).get("title").asString()).isEqualTo("New starter account");
        // Tier 1 may use templates but not change them.
        HttpResponse<String> refused = tier1.json("POST", "/api/v1/ticket-templates", "{\"name\":\"Mine " + suffix + "\",\"type\":\"INCIDENT\","
                + "\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(tier1.json("DELETE", "/api/v1/ticket-templates/" + id, null).statusCode()).isEqualTo(403);

        HttpResponse<String> updated = manager.json("PUT", "/api/v1/ticket-templates/" + id, "{\"name\":\"New starter " + suffix + "\","
                + "\"type\":\"SERVICE_REQUEST\",\"title\":\"New starter: account and laptop\",\"impact\":\"LOW\",\"urgency\":\"HIGH\","
                + "\"priorityOverride\":\"P2\",\"priorityReason\":\"Starts on Monday\"}", Map.of("If-Match", "\"0\""));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JSON.readTree(updated.body()).get("priorityOverride").asString()).isEqualTo("P2");
        HttpResponse<String> stale = manager.json("PUT", "/api/v1/ticket-templates/" + id, "{\"name\":\"Stale " + suffix + "\","
                + "\"type\":\"INCIDENT\",\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}", Map.of("If-Match", "\"0\""));
        assertThat(stale.statusCode()).isEqualTo(412);

        assertThat(manager.json("DELETE", "/api/v1/ticket-templates/" + id, null).statusCode()).isEqualTo(204);
        assertThat(tier1.getJson("/api/v1/ticket-templates/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void templatesAreValidatedAsProblemDetails() {
        for (String body : new String[] {
                "{\"name\":\"\",\"type\":\"INCIDENT\",\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}",
                "{\"name\":\"n\",\"type\":\"INCIDENT\",\"title\":\"\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}",
                "{\"name\":\"n\",\"type\":\"WISH\",\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}",
                "{\"name\":\"n\",\"type\":\"INCIDENT\",\"title\":\"x\",\"impact\":\"LOW\"}",
                "{\"name\":\"n\",\"type\":\"INCIDENT\",\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\",\"priorityOverride\":\"P1\"}",
                "{\"name\":\"n\",\"type\":\"INCIDENT\",\"title\":\"x\",\"impact\":\"LOW\",\"urgency\":\"LOW\",\"clientId\":\"" + UUID.randomUUID() + "\"}"}) {
            HttpResponse<String> r = adminApi().json("POST", "/api/v1/ticket-templates", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        String ok = "{\"name\":\"Password reset " + suffix + "\",\"type\":\"SERVICE_REQUEST\",\"title\":\"Password reset\",\"impact\":\"LOW\","
                + "\"urgency\":\"LOW\"}";
        assertThat(adminApi().json("POST", "/api/v1/ticket-templates", ok).statusCode()).isEqualTo(201);
        HttpResponse<String> again = adminApi().json("POST", "/api/v1/ticket-templates", ok.replace("Password reset " + suffix,
                "PASSWORD RESET " + suffix));
        assertThat(again.statusCode()).isEqualTo(409);
        // The same name for one client only is another template.
        assertThat(adminApi().json("POST", "/api/v1/ticket-templates", ok.replace("{", "{\"clientId\":\"" + client + "\",")).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aClientsTemplateIsSeenOnlyByStaffWhoServeThatClient() {
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/ticket-templates", "{\"clientId\":\"" + client + "\",\"name\":\"Own printer "
                + suffix + "\",\"type\":\"INCIDENT\",\"title\":\"Printer jam\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        assertThat(JSON.readTree(created.body()).get("clientName").asString()).startsWith("Templates ");

        // Robin serves one demo client only, not this one.
        Http scoped = signedIn(DemoLogins.SCOPED);
        assertThat(scoped.getJson("/api/v1/ticket-templates").body()).doesNotContain(id);
        assertThat(scoped.getJson("/api/v1/ticket-templates/" + id).statusCode()).isEqualTo(404);
        assertThat(scoped.get("/tickets/new?templateId=" + id).statusCode()).isEqualTo(404);
        assertThat(signedIn(DemoLogins.TIER1).getJson("/api/v1/ticket-templates?clientId=" + client).body()).contains(id);
        // Listed for another client, it is not offered.
        String other = OwnData.client(adminApi(), "Templates other");
        assertThat(adminApi().getJson("/api/v1/ticket-templates?clientId=" + other).body()).doesNotContain(id);
    }

    @Test
    void theNewTicketFormIsFilledFromATemplate() {
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/ticket-templates", "{\"clientId\":\"" + client + "\",\"name\":\"VPN "
                + suffix + "\",\"type\":\"SERVICE_REQUEST\",\"title\":\"VPN access for a new starter\",\"description\":\"Which systems?\","
                + "\"category\":\"Network\",\"impact\":\"HIGH\",\"urgency\":\"LOW\",\"priorityOverride\":\"P4\",\"priorityReason\":\"Planned\"}");
        String id = JSON.readTree(created.body()).get("id").asString();
        Http tier1 = signedIn(DemoLogins.TIER1);

        String picker = tier1.page("/servicedesk/templates/picker");
        assertThat(picker).contains("id=\"template-picker\"", "value=\"" + id + "\"", "VPN " + suffix);
        assertThat(tier1.page("/tickets/new")).contains("/servicedesk/templates/picker");

        String form = tier1.page("/tickets/new?templateId=" + id);
        assertThat(form).contains("value=\"VPN access for a new starter\"", ">Which systems?</textarea>", "value=\"Network\"",
                "value=\"Planned\"", "<option value=\"" + client + "\" selected=\"selected\"", "<option value=\"P4\" selected=\"selected\"",
                "<option value=\"SERVICE_REQUEST\" selected=\"selected\"");
        // Filled from the template, the ticket is created like any other.
        HttpResponse<String> ticket = tier1.postForm("/tickets", Map.of("clientId", client, "type", "SERVICE_REQUEST", "title",
                "VPN access for a new starter", "description", "Which systems?", "category", "Network", "impact", "HIGH", "urgency", "LOW",
                "priorityOverride", "P4", "priorityReason", "Planned", "source", "PHONE"));
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(302);
    }

    @Test
    void theTemplateFormShowsErrorsAndKeepsWhatWasTyped() {
        Http manager = signedIn(DemoLogins.MANAGER);
        manager.page("/servicedesk/templates/new");
        HttpResponse<String> r = manager.postForm("/servicedesk/templates", Map.of("name", "Typed " + suffix, "clientId", client, "type", "INCIDENT",
                "title", "", "description", "Kept description", "impact", "LOW", "urgency", "LOW", "priorityOverride", "P1", "priorityReason", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"title-error\"", "value=\"Typed " + suffix + "\"", ">Kept description</textarea>",
                "<option value=\"" + client + "\" selected=\"selected\"");

        HttpResponse<String> noReason = manager.postForm("/servicedesk/templates", Map.of("name", "Typed " + suffix, "type", "INCIDENT",
                "title", "Kept title", "impact", "LOW", "urgency", "LOW", "priorityOverride", "P1", "priorityReason", ""));
        assertThat(noReason.body()).contains("id=\"priorityReason-error\"", "value=\"Kept title\"");

        HttpResponse<String> saved = manager.postForm("/servicedesk/templates", Map.of("name", "Typed " + suffix, "type", "INCIDENT",
                "title", "Kept title", "impact", "LOW", "urgency", "LOW", "priorityOverride", "", "priorityReason", ""));
        assertThat(saved.statusCode()).isEqualTo(302);
        String list = manager.page("/servicedesk/templates");
        assertThat(list).contains("Typed " + suffix, "id=\"new-template\"");
        // Tier 1 sees the list without the buttons that change it, and the server refuses them anyway.
        Http tier1 = signedIn(DemoLogins.TIER1);
        String seen = tier1.page("/servicedesk/templates");
        assertThat(seen).contains("Typed " + suffix).doesNotContain("id=\"new-template\"", "id=\"new-canned-reply\"");
        assertThat(tier1.get("/servicedesk/templates/new").statusCode()).isEqualTo(403);
        assertThat(tier1.get("/servicedesk/canned-replies/new").statusCode()).isEqualTo(403);
        HttpResponse<String> refused = tier1.postForm("/servicedesk/templates", Map.of("name", "Tier one " + suffix, "type", "INCIDENT",
                "title", "Kept", "impact", "LOW", "urgency", "LOW"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"form-error\"", "value=\"Tier one " + suffix + "\"");
    }
}
