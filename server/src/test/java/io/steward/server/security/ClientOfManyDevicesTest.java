package io.steward.server.security;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static io.steward.server.security.SecurityChecksTest.json;
import static io.steward.server.security.SecurityChecksTest.result;
import static io.steward.server.security.SecurityChecksTest.round;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client with more devices than a page of the device registry (1,000): its security matrix lists every device, and its
 * backup coverage and the compliance fact made of it count every device that should have a backup. Both took the
 * registry's list, which stops at 1,000 (found by the protection benchmark with a 2,000-device client: half the devices
 * were missing from the matrix and from the coverage).
 */
class ClientOfManyDevicesTest extends IntegrationTest {
    private static final int ROWS = 1_001;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyDeviceIsInTheSecurityMatrixAndTheBackupCoverage() {
        Http api = adminApi();
        String client = OwnData.client(api, "Many devices");
        Instant now = Instant.now();
        for (int i = 0; i < ROWS; i++) {
            // Never heard from (null): the offline watch leaves them alone.
            OwnSeed.deviceRow(jdbc, client, String.format("many-%04d", i), "APPROVED", null, now);
        }
        // A real agent too, whose host name sorts after every row's: the 1,002nd by name, past the registry's page.
        String hostname = "zz-many-" + UUID.randomUUID().toString().substring(0, 6);
        TestAgent agent = OwnData.approvedDevice(api, port, client, hostname);
        assertThat(round(agent, Instant.now().truncatedTo(ChronoUnit.MILLIS), result("firewall", "fail", "off", null)).statusCode()).isEqualTo(200);

        JsonNode security = json(api.getJson("/api/v1/security/clients/" + client));
        assertThat(security.path("devices").size()).isEqualTo(ROWS + 1);
        JsonNode first = security.path("devices").get(0);
        assertThat(first.path("hostname").asString()).as("the failing device first").isEqualTo(hostname);
        assertThat(first.path("statuses").path("firewall").asString()).isEqualTo("fail");

        HttpResponse<String> policy = api.json("PUT", "/api/v1/backup/clients/" + client + "/policy", "{\"scope\":\"ALL\"}", Map.of("If-Match", "\"0\""));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        JsonNode coverage = json(api.getJson("/api/v1/backup/clients/" + client)).path("coverage");
        assertThat(coverage.path("expected").asInt()).isEqualTo(ROWS + 1);
        assertThat(coverage.path("covered").asInt()).isZero();
        assertThat(coverage.path("missing").size()).isEqualTo(ROWS + 1);

        HttpResponse<String> csf = api.getJson("/api/v1/compliance/clients/" + client + "/frameworks/nist-csf-2.0");
        assertThat(csf.statusCode()).as(csf.body()).isEqualTo(200);
        assertThat(csf.body()).contains("0 of " + (ROWS + 1) + " devices that should have a backup have one",
                "0 of 1 device(s) pass the firewall check");
        OwnSeed.deleteClients(api, client);
    }
}
