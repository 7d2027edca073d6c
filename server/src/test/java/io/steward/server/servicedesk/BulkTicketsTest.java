package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.List;
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
 * Bulk actions: each ticket is changed as alone, under the same rules, or refused with the reason and left as it was;
 * a ticket the caller cannot see is refused like an id that does not exist; a merge closes the duplicates and links
 * them to the survivor. Tickets of the test's own clients, and a technician who serves only one of them.
 */
class BulkTicketsTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    String client;
    String otherClient;
    Http scoped;

    @BeforeEach
    void seed() {
        client = OwnData.client(adminApi(), "Bulk");
        otherClient = OwnData.client(adminApi(), "Bulk other");
        String email = "bulk-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> user = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Bulk Scoped\","
                + "\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[\"" + client + "\"]}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        scoped = firstSignIn(email, jsonString(user.body(), "oneTimePassword"));
    }

    @Test
    void eachTicketIsChangedOrRefusedWithItsReasonAndAnotherClientsTicketIsNotThere() {
        String a = ticket(client, "Bulk A");
        String b = ticket(client, "Bulk B");
        String resolved = ticket(client, "Bulk resolved");
        move(resolved, "RESOLVED");
        move(resolved, "CLOSED");
        String foreign = ticket(otherClient, "Bulk foreign");
        String missing = UUID.randomUUID().toString();

        HttpResponse<String> r = scoped.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"STATUS\",\"status\":\"IN_PROGRESS\",\"ticketIds\":[\""
                + a + "\",\"" + b + "\",\"" + resolved + "\",\"" + foreign + "\",\"" + missing + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body());
        assertThat(result.get("changed").asInt()).isEqualTo(2);
        assertThat(result.get("refused").asInt()).isEqualTo(3);
        Map<String, JsonNode> by = outcomes(result);
        assertThat(by.get(a).get("changed").asBoolean()).isTrue();
        assertThat(by.get(b).get("message").asString()).isEqualTo("Now in progress.");
        assertThat(by.get(resolved).get("changed").asBoolean()).isFalse();
        assertThat(by.get(resolved).get("message").asString()).contains("closed");
        // Another client's ticket reads exactly like an id that does not exist: nothing about it leaks.
        assertThat(by.get(foreign).get("message").asString()).isEqualTo("No such ticket.");
        assertThat(by.get(foreign).hasNonNull("reference")).isFalse();
        assertThat(by.get(missing).get("message").asString()).isEqualTo("No such ticket.");
        assertThat(status(foreign)).isEqualTo("NEW");
        assertThat(status(a)).isEqualTo("IN_PROGRESS");

        // Assigning to "me" goes through the same rules; a ticket already mine is reported, not re-assigned.
        HttpResponse<String> assign = scoped.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"ASSIGN\",\"assignee\":\"me\",\"ticketIds\":[\""
                + a + "\",\"" + foreign + "\"]}");
        Map<String, JsonNode> assigned = outcomes(JSON.readTree(assign.body()));
        assertThat(assigned.get(a).get("message").asString()).isEqualTo("Assigned to Bulk Scoped.");
        assertThat(assigned.get(foreign).get("changed").asBoolean()).isFalse();
        HttpResponse<String> again = scoped.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"ASSIGN\",\"assignee\":\"me\",\"ticketIds\":[\"" + a + "\"]}");
        assertThat(outcomes(JSON.readTree(again.body())).get(a).get("message").asString()).isEqualTo("Already assigned to Bulk Scoped.");
    }

    @Test
    void resolvingInBulkAsksForTheNoteOneTicketAsksForAndSendsItToEachClient() {
        String a = ticket(client, "Bulk resolve A");
        String b = ticket(client, "Bulk resolve B");
        HttpResponse<String> refused = adminApi().json("POST", "/api/v1/tickets/bulk", "{\"action\":\"STATUS\",\"status\":\"RESOLVED\",\"ticketIds\":[\""
                + a + "\",\"" + b + "\"]}");
        JsonNode none = JSON.readTree(refused.body());
        assertThat(none.get("changed").asInt()).as(refused.body()).isZero();
        assertThat(outcomes(none).get(a).get("message").asString()).contains("Say how the ticket was resolved");
        assertThat(status(a)).isEqualTo("NEW");

        HttpResponse<String> done = adminApi().json("POST", "/api/v1/tickets/bulk", "{\"action\":\"STATUS\",\"status\":\"RESOLVED\","
                + "\"resolutionNote\":\"Replaced the shared switch.\",\"ticketIds\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(JSON.readTree(done.body()).get("changed").asInt()).as(done.body()).isEqualTo(2);
        JsonNode resolvedB = JSON.readTree(adminApi().getJson("/api/v1/tickets/" + b).body());
        assertThat(resolvedB.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolvedB.get("resolutionNote").asString()).isEqualTo("Replaced the shared switch.");
    }

    @Test
    void aPriorityChangeNeedsTheReasonASingleChangeNeedsAndIsAllOrNothingPerTicket() {
        String a = ticket(client, "Bulk priority A");
        String b = ticket(client, "Bulk priority B");
        Http tier1 = signedIn(DemoLogins.TIER1);
        String historyBefore = adminApi().getJson("/api/v1/tickets/" + a + "/history").body();
        // LOW x LOW is P4 in the matrix: P1 needs a reason, which is missing, so neither ticket changes.
        HttpResponse<String> refused = tier1.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"PRIORITY\",\"priority\":\"P1\",\"ticketIds\":[\""
                + a + "\",\"" + b + "\"]}");
        JsonNode none = JSON.readTree(refused.body());
        assertThat(none.get("changed").asInt()).as(refused.body()).isZero();
        assertThat(outcomes(none).get(a).get("message").asString()).contains("Say why the priority differs");
        assertThat(JSON.readTree(adminApi().getJson("/api/v1/tickets/" + a).body()).get("priority").asString()).isEqualTo("P4");
        assertThat(adminApi().getJson("/api/v1/tickets/" + a + "/history").body()).isEqualTo(historyBefore);

        HttpResponse<String> done = tier1.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"PRIORITY\",\"priority\":\"P1\","
                + "\"priorityReason\":\"Whole office down\",\"ticketIds\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(JSON.readTree(done.body()).get("changed").asInt()).as(done.body()).isEqualTo(2);
        assertThat(JSON.readTree(adminApi().getJson("/api/v1/tickets/" + b).body()).get("priority").asString()).isEqualTo("P1");
    }

    @Test
    void requestsThatNameNoValidChangeAreProblemDetailsAndClientContactsMayNotBulkChange() {
        String a = ticket(client, "Bulk invalid");
        for (String body : new String[] {"{\"action\":\"STATUS\",\"ticketIds\":[\"" + a + "\"]}",
                "{\"action\":\"ASSIGN\",\"ticketIds\":[\"" + a + "\"]}",
                "{\"action\":\"ASSIGN\",\"assignee\":\"somebody\",\"ticketIds\":[\"" + a + "\"]}",
                "{\"action\":\"DELETE\",\"ticketIds\":[\"" + a + "\"]}",
                "{\"action\":\"STATUS\",\"status\":\"RESOLVED\",\"ticketIds\":[]}",
                "{\"action\":\"MERGE\",\"ticketIds\":[\"" + a + "\"]}",
                "{\"action\":\"MERGE\",\"survivorId\":\"" + UUID.randomUUID() + "\",\"ticketIds\":[\"" + a + "\"]}"}) {
            HttpResponse<String> r = scoped.json("POST", "/api/v1/tickets/bulk", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(status(a)).isEqualTo("NEW");

        String email = "bulk-portal-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Portal\","
                + "\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        Http contact = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));
        HttpResponse<String> r = contact.json("POST", "/api/v1/tickets/bulk", "{\"action\":\"STATUS\",\"status\":\"RESOLVED\",\"ticketIds\":[\"" + a + "\"]}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(status(a)).isEqualTo("NEW");
    }

    @Test
    void aMergeClosesTheDuplicatesAndLinksThemToTheSurvivor() {
        String survivor = ticket(client, "Printer on floor 2 broken");
        String dup1 = ticket(client, "Printer broken");
        String dup2 = ticket(client, "Cannot print");
        String foreign = ticket(otherClient, "Printer elsewhere");
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + dup1 + "/replies", "{\"body\":\"It shows error 49\"}").statusCode()).isEqualTo(200);

        // The admin sees both clients: the other client's ticket is refused as not the survivor's client.
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets/bulk", "{\"action\":\"MERGE\",\"survivorId\":\"" + survivor
                + "\",\"ticketIds\":[\"" + survivor + "\",\"" + dup1 + "\",\"" + dup2 + "\",\"" + foreign + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> by = outcomes(JSON.readTree(r.body()));
        String ref = JSON.readTree(adminApi().getJson("/api/v1/tickets/" + survivor).body()).get("number").asString();
        assertThat(by.get(survivor).get("changed").asBoolean()).isTrue();
        assertThat(by.get(dup1).get("message").asString()).isEqualTo("Closed as a duplicate of T-" + ref + ".");
        assertThat(by.get(dup2).get("changed").asBoolean()).isTrue();
        assertThat(by.get(foreign).get("changed").asBoolean()).isFalse();
        assertThat(by.get(foreign).get("message").asString()).contains("same client");

        assertThat(status(dup1)).isEqualTo("CLOSED");
        assertThat(status(dup2)).isEqualTo("CLOSED");
        assertThat(status(foreign)).isEqualTo("NEW");
        assertThat(status(survivor)).isEqualTo("NEW");
        // The duplicate keeps its replies and says where the work went; the survivor links back to both.
        String history = adminApi().getJson("/api/v1/tickets/" + dup1 + "/history").body();
        assertThat(history).contains("It shows error 49", "Closed as a duplicate of T-" + ref);
        HttpResponse<String> links = adminApi().getJson("/api/v1/tickets/" + survivor + "/links");
        assertThat(links.statusCode()).as(links.body()).isEqualTo(200);
        assertThat(links.body()).contains(dup1, dup2, "DUPLICATE_OF").doesNotContain(foreign);
        assertThat(adminApi().getJson("/api/v1/tickets/" + survivor + "/history").body()).contains("into this ticket as duplicates");

        // Merging into a closed ticket is refused as a whole.
        HttpResponse<String> closed = adminApi().json("POST", "/api/v1/tickets/bulk", "{\"action\":\"MERGE\",\"survivorId\":\"" + dup1
                + "\",\"ticketIds\":[\"" + survivor + "\"]}");
        assertThat(closed.statusCode()).isEqualTo(400);
        assertThat(status(survivor)).isEqualTo("NEW");
    }

    @Test
    void theQueuePageOffersBulkActionsAndShowsEachTicketsOutcome() {
        String a = ticket(client, "Bulk page A");
        String b = ticket(client, "Bulk page B");
        String foreign = ticket(otherClient, "Bulk page foreign");
        String queue = scoped.page("/servicedesk");
        assertThat(queue).contains("id=\"select-all\"", "form=\"bulk-form\"", "value=\"" + a + "\"", "/servicedesk/bulk", "data-shortcuts-help");
        assertThat(scoped.page("/servicedesk/bulk")).contains("id=\"bulk-form\"", "id=\"bulk-assign\"", "id=\"bulk-merge\"");

        HttpResponse<String> posted = scoped.send(scoped.builder("/servicedesk/bulk").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Referer", scoped.base() + "/servicedesk?view=all&q=Bulk+page")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + scoped.csrf() + "&action=ASSIGN&assignee=me&ticketIds=" + a
                        + "&ticketIds=" + b + "&ticketIds=" + foreign)));
        assertThat(posted.statusCode()).isEqualTo(302);
        // Back to the queue as it was shown.
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/servicedesk?view=all&q=Bulk+page");
        String after = scoped.page("/servicedesk?view=all&q=Bulk+page");
        assertThat(after).contains("/js/desk.js", "id=\"bulk-result\"", "2 tickets changed, 1 refused.", "Assigned to Bulk Scoped.", "No such ticket.");
        assertThat(JSON.readTree(adminApi().getJson("/api/v1/tickets/" + b).body()).get("assigneeName").asString()).isEqualTo("Bulk Scoped");

        // Only this server's queue is a way back, whatever the Referer names.
        HttpResponse<String> noAction = scoped.send(scoped.builder("/servicedesk/bulk").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Referer", "https://elsewhere.example/phish")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + scoped.csrf() + "&ticketIds=" + a)));
        assertThat(noAction.statusCode()).isEqualTo(302);
        assertThat(noAction.headers().firstValue("Location").orElseThrow()).doesNotContain("elsewhere").endsWith("/servicedesk");
        assertThat(scoped.page("/servicedesk")).contains("Choose what to do with the ticked tickets.");
    }

    private String ticket(String clientId, String title) {
        HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return jsonString(t.body(), "id");
    }

    private void move(String id, String to) {
        int version = JSON.readTree(adminApi().getJson("/api/v1/tickets/" + id).body()).get("version").asInt();
        String note = "RESOLVED".equals(to) ? ",\"resolutionNote\":\"Fixed for the test.\"" : "";
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/tickets/" + id + "/status", "{\"status\":\"" + to + "\"" + note + "}",
                Map.of("If-Match", "\"" + version + "\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String status(String id) {
        return JSON.readTree(adminApi().getJson("/api/v1/tickets/" + id).body()).get("status").asString();
    }

    private static Map<String, JsonNode> outcomes(JsonNode result) {
        Map<String, JsonNode> by = new java.util.HashMap<>();
        List<JsonNode> list = new java.util.ArrayList<>();
        result.get("outcomes").forEach(list::add);
        list.forEach(o -> by.put(o.get("ticketId").asString(), o));
        return by;
    }
}
