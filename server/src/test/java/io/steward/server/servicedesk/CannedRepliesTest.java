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

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canned replies by API and page: written by managers, used by every technician on the tickets they see, with the
 * placeholders filled in by the server for that ticket's requester and the technician inserting it.
 */
class CannedRepliesTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    String client;
    String ticketId;
    long number;
    String suffix;

    @BeforeEach
    void seed() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        client = OwnData.client(adminApi(), "Canned");
        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + client + "/contacts",
                "{\"firstName\":\"Dana\",\"lastName\":\"Reyes\",\"email\":\"dana." + suffix + "@clinic.example\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"requesterId\":\""
                + jsonString(contact.body(), "id") + "\",\"type\":\"INCIDENT\",\"title\":\"Scanner offline\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        ticketId = jsonString(t.body(), "id");
        number = JSON.readTree(t.body()).get("number").asLong();
    }

    @Test
    void aCannedReplyIsExpandedForTheTicketAndTheTechnician() {
        Http manager = signedIn(DemoLogins.MANAGER);
        HttpResponse<String> created = manager.json("POST", "/api/v1/canned-replies", "{\"name\":\"Looking into it " + suffix + "\",\"body\":"
                + "\"Hi {{requester.firstName}},\\nwe are on {{ticket.number}} ({{ticket.title}}) for {{client.name}}.\\n{{technician.firstName}}\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");

        Http tier1 = signedIn(DemoLogins.TIER1);
        HttpResponse<String> expanded = tier1.getJson("/api/v1/tickets/" + ticketId + "/canned-replies/" + id);
        assertThat(expanded.statusCode()).as(expanded.body()).isEqualTo(200);
        String clientName = JSON.readTree(adminApi().getJson("/api/v1/clients/" + client).body()).get("name").asString();
        JsonNode e = JSON.readTree(expanded.body());
        // Alex Tier-One is the demo's tier 1 technician.
        assertThat(e.get("text").asString()).isEqualTo("Hi Dana,\nwe are on T-" + number + " (Scanner offline) for " + clientName + ".\nAlex");

        // The ticket page loads the picker, and its insert link answers the same text as plain text.
        String page = tier1.page("/tickets/" + ticketId);
        assertThat(page).contains("id=\"canned-picker\"", "/tickets/" + ticketId + "/canned");
        String options = tier1.page("/tickets/" + ticketId + "/canned");
        assertThat(options).contains("Looking into it " + suffix, "/tickets/" + ticketId + "/canned/" + id);
        // As desk.js asks for it.
        HttpResponse<String> text = tier1.send(tier1.builder("/tickets/" + ticketId + "/canned/" + id).header("Accept", "text/plain").GET());
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(text.body()).isEqualTo(e.get("text").asString());
    }

    @Test
    void techniciansUseButDoNotWriteCannedRepliesAndUnknownPlaceholdersAreRefused() {
        Http tier1 = signedIn(DemoLogins.TIER1);
        HttpResponse<String> refused = tier1.json("POST", "/api/v1/canned-replies", "{\"name\":\"Mine " + suffix + "\",\"body\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(403);

        HttpResponse<String> unknown = adminApi().json("POST", "/api/v1/canned-replies", "{\"name\":\"Bad " + suffix + "\",\"body\":\"{{user.password}}\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("user.password");
        assertThat(adminApi().json("POST", "/api/v1/canned-replies", "{\"name\":\"Empty " + suffix + "\",\"body\":\"\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> created = adminApi().json("POST", "/api/v1/canned-replies", "{\"name\":\"Closing " + suffix + "\",\"body\":\"Done.\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        assertThat(adminApi().json("POST", "/api/v1/canned-replies", "{\"name\":\"closing " + suffix + "\",\"body\":\"Again.\"}").statusCode())
                .isEqualTo(409);
        assertThat(tier1.getJson("/api/v1/canned-replies").body()).contains(id);
        assertThat(tier1.json("PUT", "/api/v1/canned-replies/" + id, "{\"name\":\"x\",\"body\":\"y\"}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> updated = adminApi().json("PUT", "/api/v1/canned-replies/" + id, "{\"name\":\"Closing " + suffix + "\",\"body\":"
                + "\"Done, {{requester.name}}.\"}", Map.of("If-Match", "\"0\""));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(tier1.getJson("/api/v1/tickets/" + ticketId + "/canned-replies/" + id).body()).contains("Done, Dana Reyes.");

        // Robin does not serve this ticket's client: the ticket is not there for him, reply or not.
        Http scoped = signedIn(DemoLogins.SCOPED);
        assertThat(scoped.getJson("/api/v1/tickets/" + ticketId + "/canned-replies/" + id).statusCode()).isEqualTo(404);
        assertThat(scoped.get("/tickets/" + ticketId + "/canned/" + id).statusCode()).isEqualTo(404);

        assertThat(tier1.json("DELETE", "/api/v1/canned-replies/" + id, null).statusCode()).isEqualTo(403);
        assertThat(adminApi().json("DELETE", "/api/v1/canned-replies/" + id, null).statusCode()).isEqualTo(204);
        assertThat(tier1.getJson("/api/v1/canned-replies/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theCannedReplyFormShowsErrorsAndKeepsWhatWasTyped() {
        Http manager = signedIn(DemoLogins.MANAGER);
        manager.page("/servicedesk/canned-replies/new");
        HttpResponse<String> r = manager.postForm("/servicedesk/canned-replies", Map.of("name", "Typed " + suffix, "body",
                "Dear {{requester.nickname}}"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"body-error\"", "requester.nickname", "value=\"Typed " + suffix + "\"",
                ">Dear {{requester.nickname}}</textarea>");
        HttpResponse<String> saved = manager.postForm("/servicedesk/canned-replies", Map.of("name", "Typed " + suffix, "body",
                "Dear {{requester.firstName}}"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(manager.page("/servicedesk/templates")).contains("Typed " + suffix, "id=\"new-canned-reply\"");
    }
}
