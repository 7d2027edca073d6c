package io.steward.server.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Times in pages are in the viewer's own zone: the client's for a portal user, the one a person chose, else the MSP's. */
class TimeZonePagesTest extends IntegrationTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String UUID_RE = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

    /** Formats like a person reads it, independently of the code under test. */
    private static String minute(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).format(at.atZone(zone));
    }

    private static String zoneShort(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(at.atZone(zone));
    }

    @Test
    void theNewYorkPortalUserSeesTheirTicketsInNewYorkTime() {
        Http dana = signedIn(DemoLogins.PORTAL_NORTHWIND);
        HttpResponse<String> zone = dana.getJson("/api/v1/me/time-zone");
        assertThat(zone.statusCode()).as(zone.body()).isEqualTo(200);
        assertThat(jsonString(zone.body(), "effective")).isEqualTo("America/New_York");

        String ticketId = match(dana.page("/portal/tickets?show=all"), "/portal/tickets/" + UUID_RE);
        Instant opened = Instant.parse(jsonString(adminApi().getJson("/api/v1/tickets/" + ticketId).body(), "openedAt"));
        String page = dana.page("/portal/tickets/" + ticketId);
        assertThat(page).contains(minute(opened, NEW_YORK) + " " + zoneShort(opened, NEW_YORK));
        assertThat(page).doesNotContain(" UTC");
        assertThat(dana.page("/portal")).contains("America/New_York").doesNotContain(" UTC<");
        assertThat(dana.page("/portal/devices")).contains("id=\"portal-time-zone\">America/New_York<");
    }

    @Test
    void aTechnicianWhoChoseBerlinSeesBerlinTimesOnTheQueueAndTicket() {
        String client = OwnData.client(adminApi(), "Zone Client");
        HttpResponse<String> ticket = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"INCIDENT\",\"title\":\"Zone check\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        String ticketId = jsonString(ticket.body(), "id");
        Instant opened = Instant.parse(jsonString(ticket.body(), "openedAt"));

        String email = "berlin-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Bea Berlin\",\"role\":\"TECHNICIAN\",\"supportTier\":1,\"timeZone\":\"Europe/Berlin\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(jsonString(created.body(), "timeZone")).isEqualTo("Europe/Berlin");
        Http bea = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));

        assertThat(bea.page("/servicedesk?status=all&clientId=" + client)).contains(minute(opened, BERLIN));
        String page = bea.page("/tickets/" + ticketId);
        assertThat(page).contains(minute(opened, BERLIN) + " " + zoneShort(opened, BERLIN));
        assertThat(page).doesNotContain(" UTC via");
        // The dashboard's "today" starts at midnight in Berlin too, and its refreshes keep that zone.
        assertThat(bea.page("/")).contains("Europe/Berlin", "data-zone=\"Europe/Berlin\"");
        // An admin who has not chosen a zone sees the same instant in the MSP's default zone, UTC here.
        assertThat(admin().page("/tickets/" + ticketId)).contains(minute(opened, ZoneId.of("UTC")) + " UTC");
    }

    @Test
    void changeAndMaintenanceWindowsAreTypedInTheTimeZoneThePageShows() {
        String client = OwnData.client(adminApi(), "Zone Change");
        HttpResponse<String> change = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"CHANGE\",\"title\":\"Move the file server\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(201);
        String path = "/api/v1/tickets/" + jsonString(change.body(), "id") + "/change";
        adminApi().json("PUT", path + "/plan", "{\"risk\":\"LOW\",\"implementationPlan\":\"Copy, then switch\",\"backoutPlan\":\"Switch back\","
                + "\"approvalsRequired\":1}");
        assertThat(adminApi().json("POST", path + "/submit", null).statusCode()).isEqualTo(200);
        assertThat(signedIn(DemoLogins.MANAGER).json("POST", path + "/decisions", "{\"approve\":true}").statusCode()).isEqualTo(200);

        String email = "berlin-change-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Ben Berlin\",\"role\":\"TECHNICIAN\",\"supportTier\":1,\"timeZone\":\"Europe/Berlin\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Http ben = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));
        String ticketPage = "/tickets/" + jsonString(change.body(), "id");
        assertThat(ben.page(ticketPage)).contains("Window (Europe/Berlin)");
        // 22:00 in Berlin in January is 21:00 UTC; the page shows it back as typed.
        int year = java.time.Year.now().getValue() + 1;
        HttpResponse<String> scheduled = ben.postForm(ticketPage + "/change/schedule",
                Map.of("windowStart", year + "-01-15T22:00", "windowEnd", year + "-01-15T23:30"));
        assertThat(scheduled.statusCode()).isEqualTo(302);
        String stored = adminApi().getJson(path).body();
        assertThat(stored).contains("\"windowStart\":\"" + year + "-01-15T21:00:00Z\"", "\"windowEnd\":\"" + year + "-01-15T22:30:00Z\"");
        assertThat(ben.page(ticketPage)).contains(year + "-01-15 22:00");

        // A one-off maintenance window on the alerts page, the same way.
        assertThat(ben.page("/alerts")).contains("From (Europe/Berlin)");
        assertThat(ben.postForm("/alerts/maintenance", Map.of("clientId", client, "startsAt", year + "-01-16T06:00", "endsAt", year + "-01-16T07:00",
                "reason", "Zone check window")).statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/clients/" + client + "/maintenance-windows").body())
                .contains("\"startsAt\":\"" + year + "-01-16T05:00:00Z\"", "Zone check window");
    }

    @Test
    void peopleChooseTheirZoneOnTheAccountPageAndOverTheApi() {
        String email = "zone-chooser-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Zed Chooser\",\"role\":\"TECHNICIAN\",\"supportTier\":2}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String userId = jsonString(created.body(), "id");
        Http zed = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));

        assertThat(zed.page("/account")).contains("id=\"effective-time-zone\">UTC<");
        HttpResponse<String> saved = zed.postForm("/account/time-zone", Map.of("timeZone", "Asia/Tokyo"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(zed.page("/account")).contains("id=\"effective-time-zone\">Asia/Tokyo<", "<option value=\"Asia/Tokyo\" selected=\"selected\">");

        HttpResponse<String> bad = zed.json("PUT", "/api/v1/me/time-zone", "{\"timeZone\":\"Mars/Olympus_Mons\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("timeZone", "IANA time zone");
        assertThat(zed.json("PUT", "/api/v1/me/time-zone", "{\"timeZone\":\"EST\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> ok = zed.json("PUT", "/api/v1/me/time-zone", "{\"timeZone\":\"America/Chicago\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(jsonString(ok.body(), "effective")).isEqualTo("America/Chicago");
        assertThat(jsonString(adminApi().getJson("/api/v1/users/" + userId).body(), "timeZone")).isEqualTo("America/Chicago");

        HttpResponse<String> cleared = zed.json("PUT", "/api/v1/me/time-zone", "{\"timeZone\":null}");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.body()).contains("\"effective\":\"UTC\"").doesNotContain("\"timeZone\":\"");

        // An admin sets it on the user form; a bad zone is refused beside the field and the form keeps what was typed.
        admin().page("/admin/users/" + userId);
        String version = match(admin().page("/admin/users/" + userId), "name=\"version\" value=\"(\\d+)\"");
        HttpResponse<String> refused = admin().postForm("/admin/users/" + userId, Map.of("version", version, "email", email,
                "displayName", "Zed Chooser", "role", "TECHNICIAN", "supportTier", "2", "timeZone", "Nowhere/Land"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"timeZone-error\"", "value=\"Zed Chooser\"");
        HttpResponse<String> set = admin().postForm("/admin/users/" + userId, Map.of("version", version, "email", email,
                "displayName", "Zed Chooser", "role", "TECHNICIAN", "supportTier", "2", "timeZone", "Europe/Lisbon"));
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(jsonString(adminApi().getJson("/api/v1/users/" + userId).body(), "timeZone")).isEqualTo("Europe/Lisbon");
    }
}
