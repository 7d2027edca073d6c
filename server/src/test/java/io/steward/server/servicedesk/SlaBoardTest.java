package io.steward.server.servicedesk;

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
 * The SLA board over HTTP, on a client of the test's own under Premium around the clock: every open ticket whose clock
 * runs, the one due first at the top, each with its nearest running clock named; filtered by client and tier; and a
 * technician limited to other clients cannot ask for this one.
 */
class SlaBoardTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    final ObjectMapper json = new ObjectMapper();
    Instant now;
    String clientA;
    String clientB;
    String waitingForResponse;
    String responded;

    @BeforeEach
    void seed() {
        now = clock.instant();
        clientA = OwnData.client(adminApi(), "Board A");
        clientB = OwnData.client(adminApi(), "Board B");
        OwnSeed.premiumContract(adminApi(), clientA, "BOARD-1", "2025-01-01", null);
        // A P1 under Premium: first response due in 15 minutes, resolution in 4 hours.
        waitingForResponse = OwnSeed.incident(adminApi(), clientA, "Board waits for a response", "HIGH", "HIGH");
        responded = OwnSeed.incident(adminApi(), clientA, "Board answered", "HIGH", "HIGH");
        HttpResponse<String> reply = adminApi().json("POST", "/api/v1/tickets/" + responded + "/replies", "{\"body\":\"Looking now.\"}");
        assertThat(reply.statusCode()).as(reply.body()).isBetween(200, 201);
        // Written directly (no contract could give these due times now): overdue, at risk, paused, closed, another client.
        seeded(clientA, "Board overdue", 2, "NEW", now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofHours(3)), now.minus(Duration.ofMinutes(30)), 1);
        seeded(clientA, "Board at risk", 3, "IN_PROGRESS", null, now.plus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(1)), 2);
        seeded(clientA, "Board paused", 3, "WAITING_ON_CLIENT", null, null, null, 1);
        seeded(clientA, "Board closed", 3, "CLOSED", null, now.minus(Duration.ofHours(1)), null, 1);
        seeded(clientB, "Board other client", 1, "NEW", now.minus(Duration.ofHours(2)), null, null, 1);
    }

    /** The overdue tickets seeded here would head other tests' boards and queues in the shared database. */
    @AfterEach
    void removeSeed() {
        OwnSeed.deleteClients(adminApi(), clientA, clientB);
    }

    @Test
    void theBoardListsRunningClocksDueFirstAndNamesEachClock() throws Exception {
        HttpResponse<String> r = adminApi().getJson("/api/v1/sla/board?clientId=" + clientA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode board = json.readTree(r.body());
        List<String> titles = new ArrayList<>();
        List<Instant> due = new ArrayList<>();
        for (JsonNode t : board.get("tickets")) {
            titles.add(t.get("title").asString());
            due.add(Instant.parse(t.get("dueAt").asString()));
        }
        // Due first at the top; paused, closed and the other client's tickets are not on it.
        assertThat(titles).containsExactly("Board overdue", "Board waits for a response", "Board at risk", "Board answered");
        assertThat(due).isSorted();

        JsonNode overdue = board.get("tickets").get(0);
        assertThat(overdue.get("standing").asString()).isEqualTo("BREACHED");
        assertThat(overdue.get("dueClock").asString()).isEqualTo("RESPONSE");
        assertThat(overdue.get("minutesLeft").asLong()).isBetween(-11L, -9L);
        JsonNode waiting = board.get("tickets").get(1);
        assertThat(waiting.get("dueClock").asString()).as("the response is due before the resolution").isEqualTo("RESPONSE");
        assertThat(waiting.get("standing").asString()).isEqualTo("ON_TRACK");
        String stored = adminApi().getJson("/api/v1/tickets/" + waitingForResponse).body();
        assertThat(Instant.parse(waiting.get("dueAt").asString())).isEqualTo(Instant.parse(jsonString(stored, "responseDue")))
                .isBefore(Instant.parse(jsonString(stored, "resolutionDue")));
        assertThat(board.get("tickets").get(2).get("standing").asString()).isEqualTo("AT_RISK");
        assertThat(board.get("tickets").get(2).get("dueClock").asString()).isEqualTo("RESOLUTION");
        JsonNode answered = board.get("tickets").get(3);
        assertThat(answered.get("dueClock").asString()).as("answered: only the resolution clock runs").isEqualTo("RESOLUTION");
        assertThat(answered.get("standing").asString()).isEqualTo("ON_TRACK");
        assertThat(board.get("breached").asLong() + " " + board.get("atRisk").asLong() + " " + board.get("onTrack").asLong()).isEqualTo("1 1 2");

        // The tier filter.
        JsonNode tier2 = json.readTree(adminApi().getJson("/api/v1/sla/board?clientId=" + clientA + "&tier=2").body());
        assertThat(tier2.get("tickets")).hasSize(1);
        assertThat(tier2.get("tickets").get(0).get("title").asString()).isEqualTo("Board at risk");
        assertThat(adminApi().getJson("/api/v1/sla/board?tier=4").statusCode()).isEqualTo(400);

        // Without a client filter, a technician of both clients has the other client's running clock too, in its place.
        OwnSeed.Technician tech = OwnSeed.technician(adminApi(), clientA, clientB);
        JsonNode all = json.readTree(firstSignIn(tech.email(), tech.oneTimePassword()).getJson("/api/v1/sla/board").body());
        List<String> everyTitle = new ArrayList<>();
        all.get("tickets").forEach(t -> everyTitle.add(t.get("title").asString()));
        assertThat(everyTitle).containsExactly("Board other client", "Board overdue", "Board waits for a response", "Board at risk", "Board answered");
        OwnSeed.disableUser(adminApi(), tech.id());
    }

    @Test
    void thePageShowsTheBoardInOrderColouredAndRefreshesWithItsFilters() {
        String page = admin().page("/servicedesk/board?clientId=" + clientA);
        int overdue = page.indexOf("Board overdue");
        int waiting = page.indexOf("Board waits for a response");
        int atRisk = page.indexOf("Board at risk");
        int answered = page.indexOf("Board answered");
        assertThat(overdue).isPositive();
        assertThat(waiting).isGreaterThan(overdue);
        assertThat(atRisk).isGreaterThan(waiting);
        assertThat(answered).isGreaterThan(atRisk);
        assertThat(page).doesNotContain("Board paused", "Board closed", "Board other client");
        String waitingRow = page.substring(page.lastIndexOf("<tr", waiting), page.indexOf("</tr>", waiting));
        assertThat(waitingRow).contains("class=\"board-ON_TRACK\"", "<span class=\"due-clock\">response</span>");
        String overdueRow = page.substring(page.lastIndexOf("<tr", overdue), page.indexOf("</tr>", overdue));
        assertThat(overdueRow).contains("class=\"board-BREACHED\"", ">overdue 1");
        assertThat(page.substring(page.lastIndexOf("<tr", atRisk), page.indexOf("</tr>", atRisk))).contains("class=\"board-AT_RISK\"", "at risk");
        assertThat(page).contains("hx-get=\"/servicedesk/board?clientId=" + clientA + "\"", "hx-trigger=\"every 30s\"",
                "id=\"breached-count\">1 breached<", "id=\"at-risk-count\">1 at risk<");
        // The filter form's "All clients" sends an empty client.
        assertThat(admin().page("/servicedesk/board?clientId=&tier=")).contains("Board overdue", "Board other client");
        assertThat(admin().page("/servicedesk/board?clientId=" + clientA + "&tier=2")).contains("Board at risk").doesNotContain("Board overdue");
    }

    @Test
    void aTechnicianOfOtherClientsSeesNoneOfItAndCannotFilterByIt() {
        OwnSeed.Technician created = OwnSeed.technician(adminApi(), clientB);
        Http tech = firstSignIn(created.email(), created.oneTimePassword());
        String board = tech.getJson("/api/v1/sla/board").body();
        assertThat(board).contains("Board other client").doesNotContain("Board overdue", "Board waits for a response");
        assertThat(tech.getJson("/api/v1/sla/board?clientId=" + clientA).statusCode()).isEqualTo(404);
        assertThat(tech.get("/servicedesk/board?clientId=" + clientA).statusCode()).isEqualTo(404);
        assertThat(tech.page("/servicedesk/board")).contains("Board other client").doesNotContain("Board overdue");
        OwnSeed.disableUser(adminApi(), created.id());
    }

    /** A ticket with the given projection; its moments are marked announced, so the SLA watch leaves it as written. */
    private void seeded(String client, String title, int priority, String status, Instant responseDue, Instant resolutionDue, Instant warnAt, int tier) {
        String state = responseDue == null && resolutionDue == null ? ("CLOSED".equals(status) ? "MET" : "PAUSED") : "RUNNING";
        Instant nearest = responseDue == null ? resolutionDue : resolutionDue == null ? responseDue
                : responseDue.isBefore(resolutionDue) ? responseDue : resolutionDue;
        Instant opened = now.minus(Duration.ofHours(5));
        boolean closed = "CLOSED".equals(status);
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO ticket (id, client_id, type, title, impact, urgency, priority, status, tier, source, opened_at, resolved_at, closed_at,
                            created_at, updated_at, sla_response_due, sla_resolution_due, sla_warn_at, sla_state, sla_warn_noted, sla_breach_noted)
                        VALUES (?, ?, 'INCIDENT', ?, 2, 2, ?, ?, ?, 'WEB', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), UUID.fromString(client), title, priority, status, tier, ts(opened), closed ? ts(now) : null,
                        closed ? ts(now) : null, ts(opened), ts(opened), ts(responseDue), ts(resolutionDue), ts(warnAt), state, ts(nearest), ts(nearest))
                .update());
    }
}
