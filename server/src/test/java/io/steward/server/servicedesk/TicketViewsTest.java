package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's views (open, resolved, closed, all) and sorting by every column it shows, both ways, in the page and the
 * API; an unknown column is a 400 problem. Only this test's own clients and tickets are read.
 */
class TicketViewsTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LIFECYCLE = List.of("NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_ON_CLIENT", "RESOLVED", "CLOSED");

    String word;
    String clientA;
    String clientB;
    long open;
    long assigned;
    long resolved;
    long closed;

    @BeforeEach
    void seed() {
        Random random = new Random();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            w.append((char) ('a' + random.nextInt(26)));
        }
        word = w.toString();
        clientA = OwnData.client(adminApi(), "Views A");
        clientB = OwnData.client(adminApi(), "Views B");
        open = raise(clientB, "charlie " + word, "LOW", "LOW").get("number").asLong();
        JsonNode a = raise(clientA, "Bravo " + word, "HIGH", "HIGH");
        assigned = a.get("number").asLong();
        String adminId = jsonString(adminApi().getJson("/api/v1/users?q=admin@demo").body(), "id");
        change(a, "assignee", "{\"assigneeId\":\"" + adminId + "\"}");
        JsonNode r = raise(clientA, "alpha " + word, "MEDIUM", "LOW");
        resolved = r.get("number").asLong();
        change(r, "status", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Done.\"}");
        JsonNode c = raise(clientB, "Delta " + word, "LOW", "HIGH");
        closed = c.get("number").asLong();
        JsonNode cr = change(c, "status", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Done.\"}");
        change(cr, "status", "{\"status\":\"CLOSED\"}");
    }

    @Test
    void viewsShowOpenResolvedClosedOrAll() {
        assertThat(numbers("clientId=" + clientA)).containsExactly(assigned);
        assertThat(numbers("clientId=" + clientA + "&status=RESOLVED")).containsExactly(resolved);
        assertThat(numbers("clientId=" + clientB + "&status=CLOSED")).containsExactly(closed);
        assertThat(numbers("q=" + word + "&status=all")).containsExactlyInAnyOrder(open, assigned, resolved, closed);

        assertThat(rows("/servicedesk?clientId=" + clientA)).containsExactly(assigned);
        assertThat(rows("/servicedesk?view=resolved&clientId=" + clientA)).containsExactly(resolved);
        assertThat(rows("/servicedesk?view=closed&clientId=" + clientB)).containsExactly(closed);
        assertThat(rows("/servicedesk?view=all&clientId=" + clientB)).containsExactlyInAnyOrder(open, closed);
        // A search without a view looks everywhere; with the open view only at open tickets.
        assertThat(rows("/servicedesk?q=" + word)).containsExactlyInAnyOrder(open, assigned, resolved, closed);
        assertThat(rows("/servicedesk?view=open&q=" + word)).containsExactlyInAnyOrder(open, assigned);
        assertThat(admin().get("/servicedesk?view=everything").statusCode()).isEqualTo(400);
        // The queue's own search box searches every status from the default queue, and within a view the user chose.
        assertThat(searchForm(admin().page("/servicedesk"))).doesNotContain("name=\"view\"");
        assertThat(searchForm(admin().page("/servicedesk?view=closed"))).contains("name=\"view\" value=\"closed\"");
    }

    @Test
    void everyShownColumnSortsBothWaysInTheApiAndThePage() {
        Map<String, Comparator<JsonNode>> columns = Map.of(
                "number", Comparator.comparingLong(t -> t.get("number").asLong()),
                "title", Comparator.comparing(t -> t.get("title").asString().toLowerCase(Locale.ROOT)),
                "client", Comparator.comparing(t -> t.get("clientName").asString().toLowerCase(Locale.ROOT)),
                "priority", Comparator.comparing(t -> t.get("priority").asString()),
                "status", Comparator.comparingInt(t -> LIFECYCLE.indexOf(t.get("status").asString())),
                "assignee", nullsLast(t -> text(t, "assigneeName")),
                "opened", Comparator.comparing(t -> Instant.parse(t.get("openedAt").asString())),
                "updated", Comparator.comparing(t -> Instant.parse(t.get("updatedAt").asString())),
                "due", nullsLast(t -> t.path("sla").has("resolutionDue") ? t.path("sla").get("resolutionDue").asString() : null));
        for (Map.Entry<String, Comparator<JsonNode>> c : columns.entrySet()) {
            List<JsonNode> up = items("q=" + word + "&sort=" + c.getKey());
            List<JsonNode> down = items("q=" + word + "&sort=" + c.getKey() + ",desc");
            assertThat(up).as(c.getKey()).hasSize(4).isSortedAccordingTo(c.getValue());
            // PostgreSQL puts nulls last ascending and first descending: exactly the reverse order.
            assertThat(down).as(c.getKey() + ",desc").hasSize(4).isSortedAccordingTo(c.getValue().reversed());
            assertThat(rows("/servicedesk?q=" + word + "&sort=" + c.getKey())).as("page " + c.getKey())
                    .containsExactlyElementsOf(up.stream().map(t -> t.get("number").asLong()).toList());
        }
        assertThat(numbers("q=" + word + "&sort=title")).containsExactly(resolved, assigned, open, closed);
        assertThat(numbers("q=" + word + "&sort=title,desc")).containsExactly(closed, open, assigned, resolved);
        assertThat(numbers("q=" + word + "&sort=client")).startsWith(assigned);
        // The header links sort by the column and flip the direction of the current one.
        String page = admin().page("/servicedesk?q=" + word + "&sort=title");
        assertThat(page).contains("sort=title%2Cdesc", "sort=client", "id=\"sort-due\"");
    }

    @Test
    void anUnknownSortColumnIsA400Problem() {
        for (String sort : new String[] {"password", "t.title", "title,sideways", "number;drop"}) {
            HttpResponse<String> r = adminApi().getJson("/api/v1/tickets?sort=" + TicketSearchTest.enc(sort));
            assertThat(r.statusCode()).as(sort).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"field\":\"sort\"");
        }
        assertThat(admin().get("/servicedesk?sort=password").statusCode()).isEqualTo(400);
    }

    private static Comparator<JsonNode> nullsLast(Function<JsonNode, String> key) {
        return Comparator.comparing(key, Comparator.nullsLast(Comparator.comparing(s -> s.toLowerCase(Locale.ROOT))));
    }

    private static String text(JsonNode t, String field) {
        return t.has(field) && !t.get(field).isNull() ? t.get(field).asString() : null;
    }

    private JsonNode raise(String client, String title, String impact, String urgency) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title + "\",\"impact\":\"" + impact + "\",\"urgency\":\"" + urgency + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private JsonNode change(JsonNode ticket, String what, String body) {
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/tickets/" + ticket.get("id").asString() + "/" + what, body,
                Map.of("If-Match", "\"" + ticket.get("version").asInt() + "\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<JsonNode> items(String query) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/tickets?size=200&" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(r.body()).get("items").forEach(items::add);
        return items;
    }

    private List<Long> numbers(String query) {
        return items(query).stream().map(t -> t.get("number").asLong()).toList();
    }

    private static String searchForm(String page) {
        int start = page.indexOf("id=\"queue-search\"");
        assertThat(start).isPositive();
        return page.substring(start, page.indexOf("</form>", start));
    }

    /** The ticket numbers in the queue page's rows, in order. */
    private List<Long> rows(String path) {
        HttpResponse<String> r = admin().get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        String page = r.body();
        int start = page.indexOf("id=\"ticket-rows\"");
        String body = page.substring(start, page.indexOf("</tbody>", start));
        List<Long> numbers = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">T-(\\d+)<").matcher(body);
        while (m.find()) {
            numbers.add(Long.parseLong(m.group(1)));
        }
        return numbers;
    }
}
