package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A technician working a ticket over HTTP, API and page: Take it, the server-kept timer and the resolution note,
 * with the refusals (a client user, a technician scoped away from the client, a stale version, a missing note).
 * Every ticket is the test's own, on a client of its own unless a portal user has to see it.
 */
class TicketWorkTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    private String ticket(String clientId, String title) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId
                + "\",\"type\":\"INCIDENT\",\"title\":\"" + title + "\",\"description\":\"It broke this morning.\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private static String etag(Http who, String ticketId) {
        return who.getJson("/api/v1/tickets/" + ticketId).headers().firstValue("ETag").orElseThrow();
    }

    private String tier1Id() {
        return jsonString(adminApi().getJson("/api/v1/users?q=" + DemoLogins.TIER1).body(), "id");
    }

    @Test
    void takeItAssignsTheTicketToMeAndPutsItInProgressOnceWithTheVersionRead() {
        String id = ticket(OwnData.client(adminApi(), "Take"), "Printer jams");
        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.json("POST", "/api/v1/tickets/" + id + "/take", null).statusCode()).as("no If-Match").isEqualTo(428);
        assertThat(tech.json("POST", "/api/v1/tickets/" + id + "/take", null, Map.of("If-Match", "\"7\"")).statusCode()).isEqualTo(412);

        HttpResponse<String> taken = tech.json("POST", "/api/v1/tickets/" + id + "/take", null, Map.of("If-Match", etag(tech, id)));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(taken.body()).contains("\"status\":\"IN_PROGRESS\"", "\"assigneeId\":\"" + tier1Id() + "\"");
        assertThat(taken.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(tech.getJson("/api/v1/tickets/" + id + "/history").body()).contains("\"kind\":\"ASSIGNED\"", "\"newValue\":\"IN_PROGRESS\"");

        HttpResponse<String> again = tech.json("POST", "/api/v1/tickets/" + id + "/take", null, Map.of("If-Match", "\"1\""));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already yours");
    }

    @Test
    void takeItOnThePageIsOfferedUntilTheTicketIsMine() {
        String id = ticket(OwnData.client(adminApi(), "Take page"), "Scanner offline");
        Http tech = signedIn(DemoLogins.TIER1);
        String page = tech.page("/tickets/" + id);
        assertThat(page).contains("id=\"take-it\"");
        HttpResponse<String> taken = tech.postForm("/tickets/" + id + "/take", Map.of("version", match(page, "name=\"version\" value=\"(\\d+)\"")));
        assertThat(taken.statusCode()).isEqualTo(302);
        String after = tech.page("/tickets/" + id);
        assertThat(after).contains("You took the ticket", ">in progress<").doesNotContain("id=\"take-it\"");
        assertThat(match(after, "id=\"ticket-assignee\">([^<]+)<")).isNotEqualTo("unassigned");
    }

    @Test
    void aClientUserCannotTakeOrTimeAndAnotherClientsTicketIs404() {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String theirs = ticket(northwind, "Portal cannot take this");
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.getJson("/api/v1/tickets/" + theirs).statusCode()).as("the portal user sees the ticket").isEqualTo(200);
        assertThat(portal.json("POST", "/api/v1/tickets/" + theirs + "/take", null, Map.of("If-Match", etag(portal, theirs))).statusCode())
                .isEqualTo(403);
        assertThat(portal.json("POST", "/api/v1/tickets/" + theirs + "/timer/start", null).statusCode()).isEqualTo(403);
        assertThat(portal.getJson("/api/v1/tickets/" + theirs + "/timer").statusCode()).isEqualTo(403);

        // The scoped technician serves only the clients named in their scope, never a new one.
        String unseen = ticket(OwnData.client(adminApi(), "Unscoped"), "Not for the scoped technician");
        Http scoped = signedIn(DemoLogins.SCOPED);
        assertThat(scoped.json("POST", "/api/v1/tickets/" + unseen + "/take", null, Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(404);
        assertThat(scoped.json("POST", "/api/v1/tickets/" + unseen + "/timer/start", null).statusCode()).isEqualTo(404);
        assertThat(scoped.json("POST", "/api/v1/tickets/" + unseen + "/timer/stop", null).statusCode()).isEqualTo(404);
        assertThat(scoped.getJson("/api/v1/tickets/" + unseen + "/timer").statusCode()).isEqualTo(404);
        assertThat(scoped.json("PUT", "/api/v1/tickets/" + unseen + "/status", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"x\"}",
                Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/tickets/" + unseen).body()).contains("\"status\":\"NEW\"").doesNotContain("assigneeId");
    }

    @Test
    void resolvingOverTheApiNeedsANoteThatIsKeptAndSentToTheClient() {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String id = ticket(northwind, "Toner streaks");
        String status = "/api/v1/tickets/" + id + "/status";
        for (String body : new String[] {"{\"status\":\"RESOLVED\"}", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"   \"}"}) {
            HttpResponse<String> refused = adminApi().json("PUT", status, body, Map.of("If-Match", "\"0\""));
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(refused.body()).contains("\"field\":\"resolutionNote\"", "Say how the ticket was resolved");
        }
        assertThat(adminApi().getJson("/api/v1/tickets/" + id).body()).contains("\"status\":\"NEW\"", "\"version\":0");

        HttpResponse<String> resolved = adminApi().json("PUT", status, "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Replaced the toner cartridge.\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.body()).contains("\"status\":\"RESOLVED\"", "\"resolutionNote\":\"Replaced the toner cartridge.\"", "\"firstResponseAt\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/history").body())
                .contains("\"kind\":\"PUBLIC_REPLY\"", "\"body\":\"Resolution: Replaced the toner cartridge.\"");

        // The client reads it in the portal, as the resolution and in the conversation.
        String portalPage = signedIn(DemoLogins.PORTAL_NORTHWIND).page("/portal/tickets/" + id);
        assertThat(portalPage).contains("id=\"resolution\"", "Replaced the toner cartridge.", "Resolution: Replaced the toner cartridge.");
    }

    @Test
    void resolvingOnThePageShowsTheMissingNoteAndKeepsWhatWasTyped() {
        String id = ticket(OwnData.client(adminApi(), "Resolve page"), "Laptop fan loud");
        Http tech = signedIn(DemoLogins.TIER1);
        String version = match(tech.page("/tickets/" + id), "name=\"version\" value=\"(\\d+)\"");

        assertThat(tech.postForm("/tickets/" + id + "/status", Map.of("version", version, "status", "RESOLVED", "resolutionNote", "")).statusCode())
                .isEqualTo(302);
        String refused = tech.page("/tickets/" + id);
        assertThat(refused).contains("id=\"resolutionNote-error\"", "Say how the ticket was resolved",
                "<option value=\"RESOLVED\" selected=\"selected\">");

        // Refused for a stale version: what was typed comes back in the form.
        tech.postForm("/tickets/" + id + "/status", Map.of("version", "9", "status", "RESOLVED", "resolutionNote", "Cleaned the fan, kept text"));
        assertThat(tech.page("/tickets/" + id)).contains(">Cleaned the fan, kept text</textarea>");

        assertThat(tech.postForm("/tickets/" + id + "/status", Map.of("version", version, "status", "RESOLVED", "resolutionNote",
                "Cleaned the fan.")).statusCode()).isEqualTo(302);
        String resolved = tech.page("/tickets/" + id);
        assertThat(resolved).contains("id=\"resolution\"", "Cleaned the fan.", "Resolution: Cleaned the fan.", ">resolved<")
                .doesNotContain("id=\"resolutionNote-error\"");
    }

    @Test
    void theTimerIsKeptOnTheServerAndStoppingBooksTheMinutesRoundedUp() {
        String clientId = OwnData.client(adminApi(), "Timer");
        String id = ticket(clientId, "Mail rule broken");
        Http tech = signedIn(DemoLogins.TIER1);
        String timer = "/api/v1/tickets/" + id + "/timer";
        assertThat(tech.getJson(timer).body()).contains("\"running\":false");

        HttpResponse<String> started = tech.json("POST", timer + "/start", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String startedAt = jsonString(started.body(), "startedAt");
        // Starting again keeps the start; a reload of the page and another session see the same timer.
        assertThat(jsonString(tech.json("POST", timer + "/start", null).body(), "startedAt")).isEqualTo(startedAt);
        String page = tech.page("/tickets/" + id);
        assertThat(page).contains("id=\"stop-timer\"").doesNotContain("id=\"start-timer\"");
        assertThat(Instant.parse(match(page, "data-timer-started=\"([^\"]+)\""))).isEqualTo(Instant.parse(startedAt));
        HttpResponse<String> elsewhere = signedIn(DemoLogins.TIER1).getJson(timer);
        assertThat(elsewhere.body()).contains("\"running\":true");
        assertThat(Instant.parse(jsonString(elsewhere.body(), "startedAt"))).isEqualTo(Instant.parse(startedAt));

        // 61.5 minutes ago: stopping books 62 minutes.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE ticket_timer SET started_at = started_at - interval '61 minutes 30 seconds' "
                + "WHERE ticket_id = CAST(? AS uuid)").param(id).update());
        HttpResponse<String> stopped = tech.json("POST", timer + "/stop", "{\"note\":\"Rebuilt the rule\"}");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(201);
        assertThat(stopped.body()).contains("\"minutes\":62", "\"workType\":\"REMOTE\"", "\"billable\":true", "Rebuilt the rule");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/time-entries").body()).contains("\"minutes\":62");
        assertThat(tech.getJson(timer).body()).contains("\"running\":false");
        assertThat(tech.json("POST", timer + "/stop", null).statusCode()).isEqualTo(409);
    }

    @Test
    void startingATimerOnAnotherTicketBooksTheRunningOneAndThePageStopsWithAtLeastAMinute() {
        String clientId = OwnData.client(adminApi(), "Two timers");
        String first = ticket(clientId, "First job");
        String second = ticket(clientId, "Second job");
        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.postForm("/tickets/" + first + "/timer/start", Map.of()).statusCode()).isEqualTo(302);
        assertThat(tech.page("/tickets/" + first)).contains("Timer started.", "id=\"timer-elapsed\"");

        assertThat(tech.json("POST", "/api/v1/tickets/" + second + "/timer/start", null).body()).contains("\"running\":true");
        assertThat(tech.getJson("/api/v1/tickets/" + first + "/timer").body()).contains("\"running\":false", "\"elsewhere\":\"" + second + "\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + first + "/time-entries").body()).contains("\"minutes\":1");
        assertThat(tech.page("/tickets/" + first)).contains("id=\"start-timer\"", "Your timer runs on");

        assertThat(tech.postForm("/tickets/" + second + "/timer/stop", Map.of("note", "Quick fix")).statusCode()).isEqualTo(302);
        String page = tech.page("/tickets/" + second);
        assertThat(page).contains("Timer stopped; 1 min recorded.", "Quick fix", "id=\"start-timer\"");
    }

    @Test
    void minutesBookedRoundUpToWholeMinutesBetweenOneAndADay() {
        Instant t = Instant.parse("2026-03-29T00:59:30Z");
        assertThat(TicketTimer.minutesBooked(t, t)).isEqualTo(1);
        assertThat(TicketTimer.minutesBooked(t, t.plusSeconds(60))).isEqualTo(1);
        assertThat(TicketTimer.minutesBooked(t, t.plusSeconds(61))).isEqualTo(2);
        assertThat(TicketTimer.minutesBooked(t, t.minusSeconds(5))).as("a clock set back").isEqualTo(1);
        assertThat(TicketTimer.minutesBooked(t, t.plusSeconds(25 * 3600))).isEqualTo(1440);
    }

    @Test
    void theConversationShowsTheDescriptionRepliesNotesAndFilesAndTheHistoryHasItsOwnTab() {
        String id = ticket(OwnData.client(adminApi(), "Conversation"), "VPN drops");
        Http tech = signedIn(DemoLogins.TIER1);
        tech.postForm("/tickets/" + id + "/reply", Map.of("body", "Which client version?", "internal", "false"));
        tech.postForm("/tickets/" + id + "/reply", Map.of("body", "Probably the MTU again", "internal", "true"));
        assertThat(tech.upload("/api/v1/tickets/" + id + "/attachments", "vpn.log", "drop at 09:12".getBytes()).statusCode()).isEqualTo(201);
        String page = tech.page("/tickets/" + id);
        String thread = page.substring(page.indexOf("id=\"conversation\""), page.indexOf("id=\"composer\""));
        assertThat(thread).containsSubsequence("It broke this morning.", "public reply", "Which client version?", "internal note",
                "Probably the MTU again", "vpn.log");
        assertThat(page).contains("id=\"sla-panel\"", "id=\"requester\"", "href=\"/clients/").doesNotContain("id=\"history\"");
        String history = tech.page("/tickets/" + id + "?tab=history");
        assertThat(history).contains("id=\"history\"", "Created", "Internal note").doesNotContain("id=\"composer\"");
    }
}
