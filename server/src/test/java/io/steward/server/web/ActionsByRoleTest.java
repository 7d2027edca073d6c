package io.steward.server.web;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each person is shown the forms their role may use, by the same rule the server enforces; a form the server still
 * refuses comes back with what was typed in it.
 */
class ActionsByRoleTest extends IntegrationTest {

    @Test
    void alertPoliciesAreOfferedToManagersAndAdminsMaintenanceWindowsToTechniciansToo() {
        String asTier1 = signedIn(DemoLogins.TIER1).page("/alerts");
        assertThat(asTier1).doesNotContain("id=\"add-policy\"", "<summary>Change</summary>")
                .contains("id=\"plan-maintenance\"", "id=\"plan-weekly-maintenance\"");
        assertThat(signedIn(DemoLogins.MANAGER).page("/alerts")).contains("id=\"add-policy\"", "<summary>Change</summary>", "id=\"plan-maintenance\"");
        assertThat(admin().page("/alerts")).contains("id=\"add-policy\"");
        // The server refuses tier 1 all the same.
        Http tier1 = signedIn(DemoLogins.TIER1);
        assertThat(tier1.postForm("/alerts/policies", Map.of("name", "Sneaky", "metric", "cpu.pct", "threshold", "90", "recoveryThreshold", "80"))
                .statusCode()).isEqualTo(302);
        assertThat(tier1.page("/alerts")).contains("Your role may not do this.");
    }

    @Test
    void contractsAndTiersAreOfferedOnlyToWhoMayChangeThem() {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        assertThat(signedIn(DemoLogins.TIER1).page("/clients/" + alpine + "/contracts")).doesNotContain("id=\"new-contract\"", ">Edit</a>");
        assertThat(signedIn(DemoLogins.MANAGER).page("/clients/" + alpine + "/contracts")).contains("id=\"new-contract\"", ">Edit</a>");
        assertThat(signedIn(DemoLogins.MANAGER).page("/tiers")).doesNotContain("New calendar", ">Edit</a>");
        assertThat(admin().page("/tiers")).contains("New calendar", ">Edit</a>");
    }

    @Test
    void aRefusedPolicyFormComesBackWithWhatWasTyped() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String name = "Typed policy " + UUID.randomUUID();
        HttpResponse<String> bad = manager.postForm("/alerts/policies", Map.of("name", name, "metric", "fs.used_pct", "threshold", "ninety",
                "recoveryThreshold", "80"));
        assertThat(bad.statusCode()).isEqualTo(302);
        String page = manager.page("/alerts");
        assertThat(page).contains("Enter a number.", "value=\"" + name + "\"", "value=\"fs.used_pct\"", "value=\"ninety\"");
        assertThat(manager.page("/alerts")).as("only the next page shows it").doesNotContain(name);

        HttpResponse<String> badWindow = manager.postForm("/alerts/maintenance", Map.of("clientId", jsonString(adminApi()
                .getJson("/api/v1/clients?q=Alpine").body(), "id"), "startsAt", "tomorrow", "endsAt", "", "reason", "Swap the core switch 77"));
        assertThat(badWindow.statusCode()).isEqualTo(302);
        assertThat(manager.page("/alerts")).contains("value=\"Swap the core switch 77\"", "value=\"tomorrow\"");
    }

    @Test
    void reportSettingsAreChangedByManagersAndARefusedFormKeepsWhatWasTyped() {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String settings = "/clients/" + alpine + "/report-settings";
        Http tier1 = signedIn(DemoLogins.TIER1);
        assertThat(tier1.page(settings)).contains("id=\"report-settings-readonly\"").doesNotContain("id=\"save-report-settings\"");
        assertThat(tier1.page("/clients/" + alpine + "/reports")).doesNotContain("id=\"report-settings-link\"");
        Http manager = signedIn(DemoLogins.MANAGER);
        assertThat(manager.page("/clients/" + alpine + "/reports")).contains("id=\"report-settings-link\"");
        assertThat(manager.page(settings)).contains("id=\"save-report-settings\"").doesNotContain("id=\"report-settings-readonly\"");

        HttpResponse<String> invalid = manager.postForm(settings, Map.of("version", "0", "downtimeCostPerHour", "lots", "currency", "CHF",
                "slaComplianceTargetPct", "97.5"));
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.body()).contains("Enter a number such as 250 or 99.5.", "value=\"lots\"", "value=\"CHF\"", "value=\"97.5\"");
        HttpResponse<String> refused = tier1.postForm(settings, Map.of("version", "0", "downtimeCostPerHour", "123.45", "currency", "CHF",
                "slaComplianceTargetPct", "97.5"));
        assertThat(refused.body()).contains("Your role may not do this.", "value=\"123.45\"");
        assertThat(adminApi().getJson("/api/v1/clients/" + alpine + "/report-settings").body()).doesNotContain("123.45");
    }

    @Test
    void aClientIsEditedByManagersAndDeletedByAdminsOnly() {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String page = "/clients/" + alpine;
        String edit = "href=\"/clients/" + alpine + "/edit\"";
        String delete = "action=\"/clients/" + alpine + "/delete\"";
        assertThat(signedIn(DemoLogins.TIER1).page(page)).doesNotContain(edit, delete);
        assertThat(signedIn(DemoLogins.MANAGER).page(page)).contains(edit).doesNotContain(delete);
        assertThat(admin().page(page)).contains(edit, delete);
    }
}
