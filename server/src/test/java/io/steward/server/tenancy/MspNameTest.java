package io.steward.server.tenancy;

import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** The MSP's name: set by admins through the API and the MSP settings page, refused when empty or too long, on report covers. */
class MspNameTest extends IntegrationTest {

    @Test
    void adminsNameTheMspAndReportsCarryTheName() {
        Http api = adminApi();
        String before = jsonString(api.getJson("/api/v1/msp").body(), "name");
        assertThat(before).isEqualTo("Summit Managed IT");
        try {
            HttpResponse<String> set = api.json("PUT", "/api/v1/msp", "{\"name\":\"  Acme Managed Services \"}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(jsonString(set.body(), "name")).isEqualTo("Acme Managed Services");
            assertThat(jsonString(api.getJson("/api/v1/msp").body(), "name")).isEqualTo("Acme Managed Services");

            String client = jsonString(api.getJson("/api/v1/clients?q=Northwind").body(), "id");
            String month = YearMonth.now(ZoneId.of("America/New_York")).toString();
            HttpResponse<String> report = api.getJson("/api/v1/clients/" + client + "/reports/" + month);
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            assertThat(jsonString(report.body(), "mspName")).isEqualTo("Acme Managed Services");

            for (String bad : new String[] {"{\"name\":\"   \"}", "{}", "{\"name\":\"" + "x".repeat(201) + "\"}"}) {
                HttpResponse<String> r = api.json("PUT", "/api/v1/msp", bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.body()).contains("\"field\":\"name\"");
            }
            assertThat(jsonString(api.getJson("/api/v1/msp").body(), "name")).isEqualTo("Acme Managed Services");
            for (String who : new String[] {DemoLogins.MANAGER, DemoLogins.TIER1}) {
                assertThat(signedIn(who).json("PUT", "/api/v1/msp", "{\"name\":\"Evil\"}").statusCode()).as(who).isEqualTo(403);
            }
            // Portal users are not told that staff routes exist.
            assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).json("PUT", "/api/v1/msp", "{\"name\":\"Evil\"}").statusCode()).isEqualTo(404);
            assertThat(jsonString(api.getJson("/api/v1/msp").body(), "name")).isEqualTo("Acme Managed Services");

            Http admin = signedIn(DemoLogins.ADMIN);
            assertThat(admin.page("/admin/msp")).contains("Acme Managed Services");
            admin.postForm("/admin/msp/name", Map.of("name", " "));
            String refused = admin.page("/admin/msp");
            assertThat(refused).contains("id=\"name-error\"", "1 to 200 characters");
            admin.postForm("/admin/msp/name", Map.of("name", "Harbour IT"));
            assertThat(admin.page("/admin/msp")).contains("Name saved.", "value=\"Harbour IT\"");
            assertThat(jsonString(api.getJson("/api/v1/msp").body(), "name")).isEqualTo("Harbour IT");
        } finally {
            api.json("PUT", "/api/v1/msp", "{\"name\":\"" + before + "\"}");
        }
    }
}
