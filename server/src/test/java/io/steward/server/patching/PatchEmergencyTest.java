package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static io.steward.server.patching.PatchIntakeTest.json;
import static io.steward.server.patching.PatchIntakeTest.scan;
import static io.steward.server.patching.PatchIntakeTest.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emergency cycle: a CVE names the exposed devices, the prepared run fixes them, scans mark each patched with its
 * time to remediate, an exception needs a reason, and the cycle closes when no device is left.
 */
class PatchEmergencyTest extends IntegrationTest {
    static final String CVE = "CVE-2026-4242";

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCycleTracksEachExposedDeviceUntilPatchedOrExcepted() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch emergency");
        TestAgent a = OwnData.approvedDevice(api, port, client, "emer-a-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, client, "emer-b-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent c = OwnData.approvedDevice(api, port, client, "emer-c-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes", CVE)).statusCode()).isEqualTo(200);
        assertThat(scan(b, false, update("openssl", "3.0.1", "3.0.3", "yes", CVE)).statusCode()).isEqualTo(200);
        assertThat(scan(c, false, update("zsh", "5.8", "5.9", "no")).statusCode()).isEqualTo(200);
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_update SET first_seen_at = ? WHERE device_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofDays(3))), UUID.fromString(a.deviceId)).update());

        HttpResponse<String> bad = api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies", "{\"cve\":\"heartbleed\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> opened = api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies", "{\"cve\":\"cve-2026-4242\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        JsonNode e = json(opened);
        assertThat(e.path("cve").asString()).isEqualTo(CVE);
        assertThat(e.path("devices").valueStream().map(d -> d.path("deviceId").asString()).toList()).containsExactlyInAnyOrder(a.deviceId, b.deviceId);
        assertThat(e.path("devices").valueStream().map(d -> d.path("state").asString()).toList()).containsOnly("EXPOSED");
        // Opening again gives the same open cycle.
        assertThat(json(api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies", "{\"cve\":\"" + CVE + "\"}")).path("id").asString())
                .isEqualTo(e.path("id").asString());

        JsonNode plans = json(api.getJson("/api/v1/patches/clients/" + client + "/emergencies/plans?cve=" + CVE));
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).path("packages").asString()).isEqualTo("openssl=3.0.3");
        assertThat(plans.get(0).path("deviceIds")).hasSize(2);

        // a is patched: its next scan no longer offers the update.
        assertThat(scan(a, false).statusCode()).isEqualTo(200);
        JsonNode now = cycle(api, client);
        JsonNode da = device(now, a.deviceId);
        assertThat(da.path("state").asString()).isEqualTo("PATCHED");
        assertThat(da.path("minutesToRemediate").asLong()).isBetween(3L * 24 * 60, 3L * 24 * 60 + 60);
        assertThat(now.path("closedAt").isMissingNode() || now.path("closedAt").isNull()).as("b is still exposed").isTrue();

        HttpResponse<String> noReason = api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies/exceptions",
                "{\"cve\":\"" + CVE + "\",\"deviceId\":\"" + b.deviceId + "\",\"reason\":\" \"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        HttpResponse<String> notExposed = api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies/exceptions",
                "{\"cve\":\"" + CVE + "\",\"deviceId\":\"" + c.deviceId + "\",\"reason\":\"lab box\"}");
        assertThat(notExposed.statusCode()).isEqualTo(409);
        HttpResponse<String> excepted = api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies/exceptions",
                "{\"cve\":\"" + CVE + "\",\"deviceId\":\"" + b.deviceId + "\",\"reason\":\"vendor appliance, isolated\"}");
        assertThat(excepted.statusCode()).as(excepted.body()).isEqualTo(200);
        JsonNode closed = json(excepted);
        assertThat(device(closed, b.deviceId).path("state").asString()).isEqualTo("EXCEPTED");
        assertThat(closed.path("closedAt").asString()).as("no device left").isNotEmpty();

        assertThat(admin().page("/patches/emergencies?clientId=" + client)).contains(CVE, "vendor appliance, isolated", "Patched");

        // The monthly report's patch section (the month the cycle opened, in the client's zone).
        java.time.YearMonth month = java.time.YearMonth.from(Instant.parse(e.path("openedAt").asString()).atZone(java.time.ZoneId.of("Europe/Berlin")));
        HttpResponse<String> report = api.getJson("/api/v1/clients/" + client + "/reports/" + month);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode patching = json(report).path("patching");
        assertThat(patching.path("devices").asLong()).isEqualTo(3);
        assertThat(patching.path("scanned").asLong()).isEqualTo(3);
        assertThat(patching.path("compliancePct").asInt()).isEqualTo(100);
        assertThat(patching.path("updatesInstalled").asLong()).as("a's openssl went").isEqualTo(1);
        assertThat(patching.path("outstanding").get(0).path("updates").asLong()).as("b's openssl and c's zsh, under 7 days").isEqualTo(2);
        JsonNode emergency = patching.path("emergencies").get(0);
        assertThat(emergency.path("cve").asString()).isEqualTo(CVE);
        assertThat(emergency.path("patched").asLong()).isEqualTo(1);
        assertThat(emergency.path("excepted").asLong()).isEqualTo(1);
        assertThat(emergency.path("maxMinutesToRemediate").asLong()).isBetween(3L * 24 * 60, 3L * 24 * 60 + 60);
        assertThat(admin().page("/clients/" + client + "/reports/" + month)).contains("11. Patching", CVE);
        OwnSeed.deleteClients(api, client);
    }

    private static JsonNode cycle(Http api, String client) {
        JsonNode list = json(api.getJson("/api/v1/patches/emergencies?clientId=" + client + "&cve=" + CVE));
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static JsonNode device(JsonNode cycle, String deviceId) {
        return cycle.path("devices").valueStream().filter(d -> d.path("deviceId").asString().equals(deviceId)).findFirst().orElseThrow();
    }
}
