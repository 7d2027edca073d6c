package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

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
 * Saved ticket views: each staff member's own (name, filters, sort), by API and page; nobody reads or deletes another's,
 * a client contact has none, and filters are checked as the queue checks them. Two new technicians, so no other test's
 * views are read.
 */
class SavedViewsTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    Http alice;
    Http bob;
    String client;
    long number;

    @BeforeEach
    void seed() {
        alice = technician("alice");
        bob = technician("bob");
        client = OwnData.client(adminApi(), "Saved views");
        HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"INCIDENT\",\"title\":\"Saved view ticket\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        number = JSON.readTree(t.body()).get("number").asLong();
    }

    @Test
    void aViewIsSavedListedOpenedAndDeletedByItsOwnerOnly() {
        HttpResponse<String> saved = alice.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"My client, newest\",\"filters\":{\"view\":\"all\","
                + "\"clientId\":\"" + client + "\",\"sort\":\"updated,desc\",\"q\":\"saved view\"}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        JsonNode view = JSON.readTree(saved.body());
        String id = view.get("id").asString();
        assertThat(view.get("query").asString()).isEqualTo("view=all&q=saved+view&clientId=" + client + "&sort=updated%2Cdesc");
        assertThat(view.get("filters").get("sort").asString()).isEqualTo("updated,desc");

        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).contains(id, "My client, newest");
        assertThat(bob.getJson("/api/v1/me/ticket-views").body()).doesNotContain(id, "My client, newest");
        // The same name again is a conflict for Alice, not for Bob.
        assertThat(alice.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"my client, NEWEST\",\"filters\":{}}").statusCode()).isEqualTo(409);
        assertThat(bob.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"My client, newest\",\"filters\":{}}").statusCode()).isEqualTo(201);

        // The page lists it, and its link is the queue with the saved filters.
        String queue = alice.page("/servicedesk");
        assertThat(queue).contains("id=\"saved-views\"", "My client, newest", "/servicedesk?view=all&amp;q=saved+view&amp;clientId=" + client);
        String opened = alice.page("/servicedesk?" + view.get("query").asString());
        assertThat(opened).contains("T-" + number + "<");

        // Bob can neither delete nor see Alice's view; Alice can delete it.
        assertThat(bob.json("DELETE", "/api/v1/me/ticket-views/" + id, "").statusCode()).isEqualTo(404);
        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).contains(id);
        assertThat(alice.json("DELETE", "/api/v1/me/ticket-views/" + id, "").statusCode()).isEqualTo(204);
        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).doesNotContain(id);
    }

    @Test
    void theQueuePageSavesTheViewItShows() {
        HttpResponse<String> r = alice.postForm("/servicedesk/views", Map.of("name", "Closed by priority", "view", "closed", "sort", "priority,desc",
                "clientId", client));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).contains("/servicedesk?view=closed&clientId=" + client + "&sort=priority%2Cdesc");
        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).contains("Closed by priority", "\"view\":\"closed\"");
        String id = JSON.readTree(alice.getJson("/api/v1/me/ticket-views").body()).get(0).get("id").asString();
        assertThat(bob.postForm("/servicedesk/views/" + id + "/delete", Map.of()).statusCode()).isEqualTo(404);
        assertThat(alice.postForm("/servicedesk/views/" + id + "/delete", Map.of()).statusCode()).isEqualTo(302);
        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).isEqualTo("[]");
    }

    @Test
    void filtersAreCheckedAndClientContactsHaveNoViews() {
        for (String filters : new String[] {"{\"sort\":\"password\"}", "{\"view\":\"everything\"}", "{\"status\":\"DONE\"}", "{\"tier\":\"7\"}",
                "{\"clientId\":\"nope\"}", "{\"sql\":\"1\"}", "{\"sla\":\"SOMETIMES\"}"}) {
            HttpResponse<String> r = alice.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"bad\",\"filters\":" + filters + "}");
            assertThat(r.statusCode()).as(filters).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(alice.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"\",\"filters\":{}}").statusCode()).isEqualTo(400);
        assertThat(alice.getJson("/api/v1/me/ticket-views").body()).isEqualTo("[]");

        String email = "views-portal-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Portal\","
                + "\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        Http contact = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));
        assertThat(contact.getJson("/api/v1/me/ticket-views").statusCode()).isEqualTo(403);
        assertThat(contact.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"x\",\"filters\":{}}").statusCode()).isEqualTo(403);
    }

    private Http technician(String who) {
        String email = "views-" + who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"" + who
                + "\",\"role\":\"TECHNICIAN\",\"supportTier\":1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return firstSignIn(email, jsonString(created.body(), "oneTimePassword"));
    }

}
