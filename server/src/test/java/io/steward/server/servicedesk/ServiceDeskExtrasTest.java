package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** SLA preview, time entries and the monthly service-desk figures. */
class ServiceDeskExtrasTest extends IntegrationTest {

    @Test
    void previewAFourHourTargetOpenedAtFourPmOnABusinessDayCalendar() {
        String body = """
                {"start":"2026-11-19T16:00:00Z","responseMinutes":60,"resolutionMinutes":240,"aroundTheClock":false,
                 "calendar":{"name":"Office","timeZone":"UTC","alwaysOn":false,
                   "periods":[{"day":"MONDAY","start":"08:00","end":"18:00"},{"day":"TUESDAY","start":"08:00","end":"18:00"},
                              {"day":"WEDNESDAY","start":"08:00","end":"18:00"},{"day":"THURSDAY","start":"08:00","end":"18:00"},
                              {"day":"FRIDAY","start":"08:00","end":"18:00"}],
                   "holidays":[{"name":"Founders day","date":"2026-11-20"}]}}""";
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/sla/preview", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // Thursday 16:00 + 4 business hours: 2 h on Thursday, Friday is a holiday, the rest on Monday: 10:00.
        assertThat(r.body()).contains("\"resolutionDue\":\"2026-11-23T10:00:00Z\"", "\"responseDue\":\"2026-11-19T17:00:00Z\"");

        String paused = body.replace("\"start\":\"2026-11-19T16:00:00Z\",", "\"start\":\"2026-11-19T16:00:00Z\","
                + "\"pauses\":[{\"from\":\"2026-11-19T17:00:00Z\",\"to\":\"2026-11-23T09:00:00Z\"}],");
        HttpResponse<String> withPause = adminApi().json("POST", "/api/v1/sla/preview", paused);
        assertThat(withPause.body()).contains("\"pausedCoveredMinutes\":120", "\"resolutionDue\":\"2026-11-23T12:00:00Z\"");
    }

    @Test
    void previewForAClientUsesItsContractAndRefusesNonsense() {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/sla/preview",
                "{\"clientId\":\"" + northwind + "\",\"priority\":\"P3\",\"start\":\"2026-11-23T14:00:00Z\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"tier\":\"Standard\"", "\"zone\":\"America/New_York\"", "\"responseMinutes\":240");
        assertThat(adminApi().json("POST", "/api/v1/sla/preview", "{\"start\":\"2026-11-23T14:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/sla/preview", "{\"clientId\":\"" + northwind + "\",\"priority\":\"P3\","
                + "\"start\":\"2026-11-23T14:00:00Z\",\"pauses\":[{\"from\":\"2026-11-23T15:00:00Z\",\"to\":\"2026-11-23T14:30:00Z\"}]}")
                .statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).json("POST", "/api/v1/sla/preview", "{}").statusCode()).isEqualTo(404);
        Http manager = signedIn(DemoLogins.MANAGER);
        String page = manager.page("/sla/preview?clientId=" + northwind + "&priority=P1&start=2026-11-23T09:00");
        assertThat(page).contains("id=\"resolution-due\"", "MSA-2024-017");
        assertThat(manager.page("/sla/preview?clientId=" + northwind + "&priority=P1&start=tomorrow")).contains("Use a local date and time");
        // 02:30 on 2026-03-08 never happens in New York: the clocks jump from 02:00 to 03:00.
        assertThat(manager.page("/sla/preview?clientId=" + northwind + "&priority=P1&start=2026-03-08T02:30"))
                .contains("does not exist in America/New_York");
    }

    @Test
    void timeIsRecordedOnTicketsAndFiguresAddUpForTheMonth() {
        String harbour = jsonString(adminApi().getJson("/api/v1/clients?q=Harbour").body(), "id");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + harbour
                + "\",\"type\":\"INCIDENT\",\"title\":\"Figures ticket\",\"impact\":\"LOW\",\"urgency\":\"HIGH\"}");
        String id = jsonString(created.body(), "id");
        HttpResponse<String> entry = adminApi().json("POST", "/api/v1/tickets/" + id + "/time-entries",
                "{\"minutes\":25,\"billable\":true,\"workType\":\"REMOTE\",\"note\":\"Reset profile\"}");
        assertThat(entry.statusCode()).as(entry.body()).isEqualTo(201);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/time-entries", "{\"minutes\":0,\"workType\":\"REMOTE\"}").statusCode())
                .isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/time-entries", "{\"minutes\":5,\"workType\":\"NAPPING\"}").statusCode())
                .isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/time-entries").body()).contains("\"minutes\":25", "Reset profile");
        adminApi().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"Done, please try again\"}");
        String etag = adminApi().getJson("/api/v1/tickets/" + id).headers().firstValue("ETag").orElseThrow();
        assertThat(adminApi().json("PUT", "/api/v1/tickets/" + id + "/status", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Profile reset.\"}", Map.of("If-Match", etag))
                .statusCode()).isEqualTo(200);

        String month = YearMonth.now(ZoneId.of("Australia/Sydney")).toString();
        HttpResponse<String> figures = adminApi().getJson("/api/v1/clients/" + harbour + "/service-desk-metrics?month=" + month);
        assertThat(figures.statusCode()).as(figures.body()).isEqualTo(200);
        String p3 = figures.body().substring(figures.body().indexOf("\"priority\":\"P3\""));
        assertThat(Integer.parseInt(match(p3, "\"resolved\":(\\d+)"))).isGreaterThanOrEqualTo(1);
        assertThat(p3).contains("\"mttaWallMinutes\":", "\"mttrWallMinutes\":");
        assertThat(adminApi().getJson("/api/v1/clients/" + harbour + "/service-desk-metrics?month=November").statusCode()).isEqualTo(400);
        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.page("/servicedesk/metrics?clientId=" + harbour + "&month=" + month)).contains("id=\"figures\"");
        String ticketPage = tech.page("/tickets/" + id);
        assertThat(ticketPage).contains("Reset profile", "25 min");
        assertThat(tech.postForm("/tickets/" + id + "/time", Map.of("minutes", "ten", "workType", "REMOTE")).statusCode()).isEqualTo(302);
        assertThat(tech.page("/tickets/" + id)).contains("Enter whole minutes");
    }
}
