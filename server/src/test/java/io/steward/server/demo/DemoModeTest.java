package io.steward.server.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Demo mode writes every login, in the documented format, readable by its owner only, and they all work. */
class DemoModeTest extends IntegrationTest {

    @Test
    void theCredentialsFileIsPrivateAndComplete() throws Exception {
        Path file = home().resolve("demo-credentials.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> users = Files.readAllLines(file).stream().filter(l -> l.startsWith("user ")).toList();
        assertThat(users).allSatisfy(l -> assertThat(l.split(" ").length).isGreaterThanOrEqualTo(6));
        DemoLogins demo = demo();
        assertThat(demo.users().values()).extracting(DemoLogins.Login::role)
                .contains("MSP_ADMIN", "SERVICE_MANAGER", "TECHNICIAN", "CLIENT_USER");
        assertThat(demo.users().values().stream().filter(l -> l.role().equals("CLIENT_USER")).map(DemoLogins.Login::client))
                .containsExactlyInAnyOrder("Northwind Dental", "Alpine Logistics GmbH", "Harbour City Council");
        assertThat(demo.user(DemoLogins.ADMIN).totpSecret()).matches("[A-Z2-7]{32}");
        assertThat(demo.adminApiToken()).startsWith("stw_");
    }

    @Test
    void everyDemoLoginSignsIn() {
        for (DemoLogins.Login login : demo().users().values()) {
            if (login.totpSecret() == null) {
                signedIn(login.email());
            }
        }
        assertThat(admin().page("/admin/users?q=Robin")).contains("Robin Scoped", "1 client(s) only");
        assertThat(adminApi().getJson("/api/v1/me").body()).contains("\"role\":\"MSP_ADMIN\"");
    }

    @Test
    void theDemoHasClientsOfDifferentSizesAndZones() {
        // Each by name: other tests' clients come first in the list by name and would push the demo's off its first page.
        assertThat(adminApi().getJson("/api/v1/clients?q=Northwind").body()).contains("America/New_York");
        assertThat(adminApi().getJson("/api/v1/clients?q=Alpine").body()).contains("Europe/Berlin");
        assertThat(adminApi().getJson("/api/v1/clients?q=Harbour").body()).contains("Australia/Sydney");
    }

    @Test
    void theDemoDeskHasTemplatesAndCannedReplies() {
        assertThat(adminApi().getJson("/api/v1/ticket-templates").body()).contains("New starter account", "Password reset", "Depot scanner not syncing");
        // The depot template belongs to the logistics client, so the technician who serves only that client sees it too.
        assertThat(signedIn(DemoLogins.SCOPED).getJson("/api/v1/ticket-templates").body()).contains("Depot scanner not syncing");
        assertThat(adminApi().getJson("/api/v1/canned-replies").body()).contains("Picked up", "Resolved, please confirm");
    }
}
