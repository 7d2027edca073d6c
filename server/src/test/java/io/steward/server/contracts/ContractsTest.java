package io.steward.server.contracts;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Service tiers, calendars and contracts by API and page, and the terms they put in force. */
class ContractsTest extends IntegrationTest {

    @Autowired
    ContractService contracts;

    @Test
    void theSeededTiersCarryTheDocumentedTargets() {
        String tiers = adminApi().getJson("/api/v1/tiers").body();
        assertThat(tiers).contains("\"name\":\"Basic\"", "\"name\":\"Standard\"", "\"name\":\"Premium\"");
        String premium = tiers.substring(tiers.indexOf("\"name\":\"Premium\""));
        assertThat(premium).contains("\"priority\":\"P1\",\"response\":\"PT15M\",\"resolution\":\"PT4H\",\"aroundTheClock\":true");
        String standard = tiers.substring(tiers.indexOf("\"name\":\"Standard\""));
        assertThat(standard).contains("\"priority\":\"P3\",\"response\":\"PT4H\",\"resolution\":\"PT30H\",\"aroundTheClock\":false");
    }

    @Test
    void aContractPutsItsTierAndCalendarInForceInTheClientsZone() {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        Optional<SlaTerms> terms = io.steward.server.shared.TenantContext.callAsSystem(() ->
                contracts.termsAt(TenantScope.all(), ClientId.parse(clientId), ZoneId.of("Europe/Berlin"), Instant.parse("2026-11-23T10:00:00Z")));
        assertThat(terms).isPresent();
        assertThat(terms.get().tierName()).isEqualTo("Premium");
        assertThat(terms.get().calendar().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(terms.get().targets().get(Priority.P1).aroundTheClock()).isTrue();
        assertThat(io.steward.server.shared.TenantContext.callAsSystem(() -> contracts.termsAt(TenantScope.all(), ClientId.parse(clientId),
                ZoneId.of("Europe/Berlin"), Instant.parse("2000-01-01T00:00:00Z")))).isEmpty();
        assertThat(contracts.termsAt(TenantScope.all(), ClientId.parse(clientId), ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-11-23T10:00:00Z"))).as("row-level security hides the contract outside any scope").isEmpty();
    }

    @Test
    void aChangedTierIsInForceForTheNextTicketAtOnce() {
        String calendarId = match(adminApi().getJson("/api/v1/tiers").body(), "\"calendarId\":\"([0-9a-f-]{36})\"");
        String name = "Snapshot " + System.nanoTime();
        String targets = "[{\"priority\":\"P1\",\"responseMinutes\":%d,\"resolutionMinutes\":240,\"aroundTheClock\":true},"
                + "{\"priority\":\"P2\",\"responseMinutes\":60,\"resolutionMinutes\":480,\"aroundTheClock\":false},"
                + "{\"priority\":\"P3\",\"responseMinutes\":240,\"resolutionMinutes\":1800,\"aroundTheClock\":false},"
                + "{\"priority\":\"P4\",\"responseMinutes\":480,\"resolutionMinutes\":4800,\"aroundTheClock\":false}]";
        String tier = "{\"name\":\"" + name + "\",\"calendarId\":\"" + calendarId + "\",\"targets\":" + targets + "}";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tiers", tier.formatted(20));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String tierId = jsonString(created.body(), "id");
        HttpResponse<String> client = adminApi().json("POST", "/api/v1/clients", "{\"name\":\"" + name + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
        ClientId clientId = ClientId.parse(jsonString(client.body(), "id"));
        assertThat(adminApi().json("POST", "/api/v1/clients/" + clientId.value() + "/contracts",
                "{\"reference\":\"SNAP-1\",\"deliveryModel\":\"FULLY_MANAGED\",\"tierId\":\"" + tierId + "\",\"startsOn\":\"2026-01-01\","
                        + "\"pricingModel\":\"FLAT_FEE\",\"priceAmount\":100,\"currency\":\"EUR\"}").statusCode()).isEqualTo(201);
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        java.util.function.Supplier<SlaTerms> terms = () -> io.steward.server.shared.TenantContext.callAsSystem(() ->
                contracts.termsAt(TenantScope.all(), clientId, ZoneId.of("UTC"), at)).orElseThrow();
        assertThat(terms.get().targets().get(Priority.P1).response()).isEqualTo(java.time.Duration.ofMinutes(20));

        HttpResponse<String> changed = adminApi().json("PUT", "/api/v1/tiers/" + tierId, tier.formatted(7),
                Map.of("If-Match", "\"" + match(created.body(), "\"version\":(\\d+)") + "\""));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(terms.get().targets().get(Priority.P1).response()).as("the tier's new version, not a remembered one")
                .isEqualTo(java.time.Duration.ofMinutes(7));
        assertThat(terms.get().tierName()).isEqualTo(name);
    }

    @Test
    void contractsAreCreatedValidatedAndVersionedThroughTheApi() {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String tierId = match(adminApi().getJson("/api/v1/tiers").body(), "\"id\":\"([^\"]+)\",\"name\":\"Premium\"");
        HttpResponse<String> bad = adminApi().json("POST", "/api/v1/clients/" + clientId + "/contracts",
                "{\"reference\":\"SOW-X\",\"deliveryModel\":\"PROJECT\",\"tierId\":\"" + tierId + "\",\"startsOn\":\"2026-05-01\","
                        + "\"endsOn\":\"2026-04-01\",\"pricingModel\":\"FLAT_FEE\",\"priceAmount\":100,\"currency\":\"EUR\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"endsOn\"");
        HttpResponse<String> unknownEnum = adminApi().json("POST", "/api/v1/clients/" + clientId + "/contracts",
                "{\"reference\":\"SOW-X\",\"deliveryModel\":\"WHATEVER\",\"tierId\":\"" + tierId + "\",\"startsOn\":\"2026-05-01\","
                        + "\"pricingModel\":\"FLAT_FEE\"}");
        assertThat(unknownEnum.statusCode()).isEqualTo(400);

        HttpResponse<String> created = adminApi().json("POST", "/api/v1/clients/" + clientId + "/contracts",
                "{\"reference\":\"SOW-NW-1\",\"deliveryModel\":\"PROJECT\",\"tierId\":\"" + tierId + "\",\"startsOn\":\"2026-05-01\","
                        + "\"endsOn\":\"2026-08-31\",\"pricingModel\":\"FLAT_FEE\",\"priceAmount\":12000,\"currency\":\"USD\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        assertThat(adminApi().json("PUT", "/api/v1/contracts/" + id, created.body().replace("SOW-NW-1", "SOW-NW-2"),
                Map.of("If-Match", "\"7\"")).statusCode()).isEqualTo(412);
        assertThat(adminApi().json("DELETE", "/api/v1/contracts/" + id, null).statusCode()).isEqualTo(204);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).getJson("/api/v1/clients/" + clientId + "/contracts").statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminDefinesACalendarAndChangesATierThroughThePages() {
        Http admin = admin();
        admin.page("/calendars/new");
        HttpResponse<String> bad = admin.postForm("/calendars", Map.of("name", "Night shift", "timeZone", "", "periods", "MONDAY 22-06",
                "holidays", ""));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"periods-error\"", "MONDAY 22-06");
        String name = "Night shift " + System.nanoTime();
        HttpResponse<String> ok = admin.postForm("/calendars", Map.of("name", name, "timeZone", "America/Chicago",
                "periods", "MONDAY 22:00-06:00\nTUESDAY 22:00-06:00", "holidays", "--07-04 Independence Day\n2026-12-24 Christmas Eve"));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/calendars").body()).contains(name, "\"yearly\":\"--07-04\"", "\"date\":\"2026-12-24\"");

        String tiers = admin.page("/tiers");
        assertThat(tiers).contains("Premium", name);
        String tierPath = match(tiers, "href=\"(/tiers/[0-9a-f-]{36}/edit)\"");
        String form = admin.page(tierPath);
        String version = match(form, "name=\"version\" value=\"(\\d+)\"");
        HttpResponse<String> invalid = admin.postForm(tierPath, Map.of("version", version, "name", "Broken", "calendarId",
                match(form, "<option value=\"([0-9a-f-]{36})\""), "P1.response", "60", "P1.resolution", "30", "P2.response", "x"));
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.body()).contains("id=\"targets-error\"");
        assertThat(signedIn(DemoLogins.TIER1).get("/tiers").statusCode()).isEqualTo(200);
        assertThat(signedIn(DemoLogins.TIER1).get(tierPath).body()).doesNotContain("name=\"version\" value=\"" + version + "\" disabled");
    }

    @Test
    void contractPagesWork() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Harbour").body(), "id");
        assertThat(manager.page("/clients/" + clientId + "/contracts")).contains("HCC-ICT-2023-11", "Basic");
        String form = manager.page("/clients/" + clientId + "/contracts/new");
        String tierId = match(form, "<option value=\"([0-9a-f-]{36})\">Standard</option>");
        Map<String, String> fields = new java.util.HashMap<>(Map.of("reference", "HCC-PROJ-7", "deliveryModel", "PROJECT", "tierId", tierId,
                "calendarId", "", "startsOn", "2026-01-01", "endsOn", "", "renewsOn", "", "uptimeTarget", ""));
        fields.putAll(Map.of("pricingModel", "FLAT_FEE", "priceAmount", "5000", "currency", "AUD"));
        HttpResponse<String> r = manager.postForm("/clients/" + clientId + "/contracts", fields);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(manager.page("/clients/" + clientId + "/contracts")).contains("HCC-PROJ-7");
    }
}
