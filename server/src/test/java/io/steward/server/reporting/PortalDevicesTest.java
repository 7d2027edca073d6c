package io.steward.server.reporting;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** A client contact's device list in the portal and the API: their own client's devices only, read-only. */
class PortalDevicesTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    String clientA;
    String clientB;
    String suffix;

    @BeforeEach
    void ownClients() {
        clientA = OwnData.client(adminApi(), "Portal devices A");
        clientB = OwnData.client(adminApi(), "Portal devices B");
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeOwnClients() {
        for (String c : new String[] {clientA, clientB}) {
            assertThat(adminApi().json("DELETE", "/api/v1/clients/" + c, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void theContactSeesTheirOwnDevicesWithStateLastSeenAndOpenAlertsAndNobodyElses() {
        TestAgent online = OwnData.approvedDevice(adminApi(), port, clientA, "pd-online-" + suffix);
        assertThat(online.heartbeat().statusCode()).isEqualTo(200);
        String pending = device(clientA, "pd-pending-" + suffix, "PENDING");
        String retired = device(clientA, "pd-retired-" + suffix, "RETIRED");
        alert(online.deviceId, clientA);
        TestAgent foreign = OwnData.approvedDevice(adminApi(), port, clientB, "pd-foreign-" + suffix);
        Http contact = contactOf(clientA);

        String page = contact.page("/portal/devices");
        assertThat(page).contains("pd-online-" + suffix).contains("pd-pending-" + suffix).contains("Online").contains("Pending approval")
                .doesNotContain("pd-retired-" + suffix).doesNotContain("pd-foreign-" + suffix).contains("Europe/Berlin");
        // Last seen in the client's time zone (Europe/Berlin: CET or CEST, whatever the date).
        assertThat(page).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d CES?T");

        String api = contact.getJson("/api/v1/portal/devices").body();
        assertThat(api).contains("\"hostname\":\"pd-online-" + suffix + "\"").contains("\"state\":\"ONLINE\"").contains("\"openAlerts\":1")
                .contains("\"state\":\"PENDING\"").doesNotContain("pd-foreign-").doesNotContain("pd-retired-");

        HttpResponse<String> mine = contact.get("/portal/devices/" + online.deviceId);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("pd-online-" + suffix).contains("id=\"portal-device-alerts\">1 (");
        assertThat(contact.getJson("/api/v1/portal/devices/" + pending).body()).contains("\"state\":\"PENDING\"").contains("\"openAlerts\":0");

        // Another client's device, and a retired one of their own, are not there.
        assertThat(contact.get("/portal/devices/" + foreign.deviceId).statusCode()).isEqualTo(404);
        assertThat(contact.getJson("/api/v1/portal/devices/" + foreign.deviceId).statusCode()).isEqualTo(404);
        assertThat(contact.getJson("/api/v1/portal/devices/" + retired).statusCode()).isEqualTo(404);
        // The staff registry stays staff-only.
        assertThat(contact.getJson("/api/v1/devices/" + online.deviceId).statusCode()).isEqualTo(404);

        // The portal home links the device count to the list, and the navigation has it.
        String home = contact.page("/portal");
        assertThat(home).contains("href=\"/portal/devices\"").contains("id=\"nav-portal-devices\"");

        // The other client's contact sees only theirs.
        assertThat(contactOf(clientB).getJson("/api/v1/portal/devices").body()).contains("pd-foreign-" + suffix).doesNotContain("pd-online-");
    }

    @Test
    void staffUseTheRegistryNotThePortalList() {
        assertThat(adminApi().getJson("/api/v1/portal/devices").statusCode()).isEqualTo(403);
    }

    private Http contactOf(String client) {
        String email = "pd-contact-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Device Contact\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return firstSignIn(email, jsonString(r.body(), "oneTimePassword"));
    }

    private String device(String client, String hostname, String status) {
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(clock.instant().minusSeconds(3600));
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO device (id, client_id, hostname, public_key, key_fingerprint, status, enrolled_at, retired_at)
                        VALUES (?, ?, ?, 'not-a-key', ?, ?, ?, ?)""")
                .params(id, UUID.fromString(client), hostname, "fp-" + id, status, at, "RETIRED".equals(status) ? at : null).update());
        return id.toString();
    }

    private void alert(String device, String client) {
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value)
                        VALUES (?, ?, ?, ?, '', 'OPEN', ?, 1)""")
                .params(UUID.randomUUID(), UUID.fromString(device), UUID.fromString(client), DashboardTest.OFFLINE_POLICY,
                        Timestamp.from(clock.instant().minusSeconds(60))).update());
    }
}
