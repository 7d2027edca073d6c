package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wherever a due time is shown, it is the running clock that breaches first, named: a P1 under Premium
 * (first response in 15 minutes, resolution in 4 hours) is due for its response until someone answers.
 */
class DueClockTest extends IntegrationTest {
    private static final String PREMIUM = "00000000-0000-4000-8000-0000000071e3";
    private static final String CALENDAR_24X7 = "00000000-0000-4000-8000-00000000ca02";

    @Autowired
    JdbcClient jdbc;

    @Test
    void theResponseClockIsDueUntilTheFirstResponseThenTheResolutionClock() throws Exception {
        String clientId = OwnData.client(adminApi(), "Due Clock Co");
        HttpResponse<String> contract = adminApi().json("POST", "/api/v1/clients/" + clientId + "/contracts", """
                {"reference":"DUE-1","deliveryModel":"FULLY_MANAGED","tierId":"%s","calendarId":"%s","startsOn":"2025-01-01",
                 "pricingModel":"FLAT_FEE","priceAmount":1000,"currency":"EUR"}""".formatted(PREMIUM, CALENDAR_24X7));
        assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets",
                "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\",\"title\":\"Due clock P1\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        // As stored (to the microsecond), which is what lists and pages show.
        String stored = adminApi().getJson("/api/v1/tickets/" + id).body();
        Instant responseDue = Instant.parse(jsonString(stored, "responseDue"));
        Instant resolutionDue = Instant.parse(jsonString(stored, "resolutionDue"));
        Instant opened = Instant.parse(jsonString(stored, "openedAt"));
        assertThat(responseDue).isEqualTo(opened.plusSeconds(15 * 60));
        assertThat(resolutionDue).isEqualTo(opened.plusSeconds(4 * 3600));

        String list = adminApi().getJson("/api/v1/tickets?clientId=" + clientId).body();
        assertThat(jsonString(list, "dueClock")).isEqualTo("RESPONSE");
        assertThat(Instant.parse(jsonString(list, "dueAt"))).isEqualTo(responseDue);
        assertThat(list).as("the old fields stay").contains("\"resolutionDue\"");

        String queue = admin().page("/servicedesk?clientId=" + clientId);
        assertThat(queue).contains("<span class=\"due-clock\">response</span>", "data-due=\"" + responseDue + "\"")
                .doesNotContain("data-due=\"" + resolutionDue + "\"");

        // Past 75 % of the response target: at risk on the board, and the warning names the response clock.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE ticket SET sla_warn_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(id)).update());
        String board = admin().page("/servicedesk/board");
        assertThat(board).contains("Due clock P1", "data-due=\"" + responseDue + "\"", "<span class=\"due-clock\">response</span>");
        List<String> warnings = List.of();
        for (int i = 0; i < 100 && warnings.isEmpty(); i++) {
            Thread.sleep(100);
            warnings = TenantContext.callAsSystem(() -> jdbc.sql("SELECT message FROM notification WHERE ticket_id = ? AND kind = 'SLA_WARNING'")
                    .param(UUID.fromString(id)).query(String.class).list());
        }
        assertThat(warnings).as("warning announced").isNotEmpty();
        String due = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.of("Europe/Berlin")).format(responseDue);
        assertThat(warnings).allSatisfy(m -> assertThat(m).contains("75 % of the response target used", "response due " + due + " (Europe/Berlin)"));

        HttpResponse<String> replied = adminApi().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"On it.\"}");
        assertThat(replied.statusCode()).as(replied.body()).isBetween(200, 201);
        String after = adminApi().getJson("/api/v1/tickets?clientId=" + clientId).body();
        assertThat(jsonString(after, "dueClock")).isEqualTo("RESOLUTION");
        assertThat(Instant.parse(jsonString(after, "dueAt"))).isEqualTo(resolutionDue);
        assertThat(admin().page("/servicedesk?clientId=" + clientId))
                .contains("<span class=\"due-clock\">resolution</span>", "data-due=\"" + resolutionDue + "\"");
    }

    @Test
    void theContractDocumentsTheDueClock() {
        tools.jackson.databind.JsonNode ticket = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(http().getJson("/api/docs.json").body()).get("components").get("schemas").get("Ticket").get("properties");
        assertThat(ticket.get("dueClock").get("enum").toString()).isEqualTo("[\"RESPONSE\",\"RESOLUTION\"]");
        assertThat(ticket.get("dueAt").get("format").asString()).isEqualTo("date-time");
    }

    @Test
    void afterAssigningTheStatusControlSuggestsAStepForward() {
        String clientId = OwnData.client(adminApi(), "Status Default Co");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets",
                "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\",\"title\":\"Assign me\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        String id = jsonString(created.body(), "id");
        String tier2 = jsonString(adminApi().getJson("/api/v1/users?q=tier2").body(), "id");
        HttpResponse<String> assigned = adminApi().json("PUT", "/api/v1/tickets/" + id + "/assignee", "{\"assigneeId\":\"" + tier2 + "\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(assigned.body()).contains("\"status\":\"ASSIGNED\"");
        String page = admin().page("/tickets/" + id);
        assertThat(page).contains("<option value=\"IN_PROGRESS\" selected=\"selected\">in progress</option>")
                .doesNotContain("<option value=\"NEW\" selected=\"selected\">");
    }
}
