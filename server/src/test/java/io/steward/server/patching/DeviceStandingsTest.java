package io.steward.server.patching;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * The devices' patch standing as the database counts it (the compliance views, the device lists and the central page):
 * overdue against the client's deadline, stale against twice the scan interval, a group's own interval for its
 * members, never-scanned devices counted apart; each filter keeps exactly its devices and the page shows the same.
 */
class DeviceStandingsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void eachDeviceIsCountedByItsOwnPolicyAndEachFilterKeepsItsDevices() {
        Http api = adminApi();
        String client = OwnData.client(api, "Device standings");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String freshHost = "st-fresh-" + tag;
        String oldHost = "st-old-" + tag;
        String slowHost = "st-slow-" + tag;
        String neverHost = "st-never-" + tag;
        TestAgent fresh = OwnData.approvedDevice(api, port, client, freshHost);
        TestAgent old = OwnData.approvedDevice(api, port, client, oldHost);
        TestAgent slowGroup = OwnData.approvedDevice(api, port, client, slowHost);
        OwnData.approvedDevice(api, port, client, neverHost);
        String pkg = "standlib-" + tag;
        assertThat(scan(fresh, true, update(pkg, "1", "2", "yes", "CVE-2026-7101"), update("tool-" + tag, "1", "2", "no")).statusCode()).isEqualTo(200);
        assertThat(scan(old, false).statusCode()).isEqualTo(200);
        assertThat(scan(slowGroup, false, update(pkg, "1", "2", "yes")).statusCode()).isEqualTo(200);
        // A 7-day deadline and a 24-hour scan interval for the client; its "Slow" group is scanned every 96 hours.
        assertThat(api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"securityDeadlineDays\":7,\"scanHours\":24}",
                Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(200);
        String slow = json(api.json("POST", "/api/v1/clients/" + client + "/device-groups",
                "{\"name\":\"Slow\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + slowGroup.deviceId + "\"]}")).path("id").asString();
        assertThat(api.json("PUT", "/api/v1/patches/clients/" + client + "/policy/overrides/device-groups/" + slow,
                "{\"scanHours\":96,\"securityDeadlineDays\":30}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(200);
        // Ten days since the security update was first seen; three days since two devices' last good scan.
        PatchIntakeTest.age(jdbc, fresh.deviceId, pkg, Duration.ofDays(10));
        PatchIntakeTest.age(jdbc, slowGroup.deviceId, pkg, Duration.ofDays(10));
        lastGood(old.deviceId, Duration.ofDays(3));
        lastGood(slowGroup.deviceId, Duration.ofDays(3));

        assertThat(hosts(api, client, "overdue")).as("past the client's 7 days; the group's 30 days are not past").containsExactly(freshHost);
        assertThat(hosts(api, client, "stale")).as("48 hours for the client, 192 for the group, and never scanned")
                .containsExactly(neverHost, oldHost);
        assertThat(hosts(api, client, "security")).containsExactly(freshHost, slowHost);
        assertThat(hosts(api, client, "missing")).containsExactly(freshHost, slowHost);
        assertThat(hosts(api, client, "reboot")).containsExactly(freshHost);
        assertThat(hosts(api, client, "all")).containsExactly(freshHost, neverHost, oldHost, slowHost);
        JsonNode freshStatus = json(api.getJson("/api/v1/patches/devices?clientId=" + client)).get(0);
        assertThat(freshStatus.path("missing").asInt()).isEqualTo(2);
        assertThat(freshStatus.path("security").asInt()).isEqualTo(1);
        assertThat(freshStatus.path("oldestSecurityDays").asInt()).isEqualTo(10);
        assertThat(freshStatus.path("compliant").asBoolean()).isFalse();

        JsonNode summary = json(api.getJson("/api/v1/patches/clients/" + client));
        assertThat(summary.path("devices").asInt()).isEqualTo(4);
        assertThat(summary.path("compliance").path("scanned").asInt()).isEqualTo(3);
        assertThat(summary.path("compliance").path("unscanned").asInt()).isEqualTo(1);
        assertThat(summary.path("compliance").path("compliant").asInt()).as("old and slowGroup").isEqualTo(2);
        assertThat(summary.path("compliance").path("percent").asInt()).isEqualTo(66);
        assertThat(summary.path("missing").asInt()).isEqualTo(3);
        assertThat(summary.path("security").asInt()).isEqualTo(2);
        assertThat(summary.path("overdue").asInt()).isEqualTo(1);
        assertThat(summary.path("rebootRequired").asInt()).isEqualTo(1);
        assertThat(summary.path("stale").asInt()).isEqualTo(2);
        assertThat(summary.path("securityDeadlineDays").asInt()).isEqualTo(7);
        // The fleet-wide list holds the same row for this client.
        JsonNode inFleet = json(api.getJson("/api/v1/patches/clients")).valueStream().filter(c -> c.path("clientId").asString().equals(client))
                .findFirst().orElseThrow();
        assertThat(inFleet).isEqualTo(summary);

        // The central page: the client's stale devices and nothing else of it; no "showing 100 of" line for two devices.
        String page = admin().page("/patches?clientId=" + client + "&filter=stale");
        assertThat(page).contains(oldHost, neverHost).doesNotContain(freshHost, slowHost, "id=\"devices-more\"");
        java.net.http.HttpResponse<String> nonsense = admin().get("/patches?filter=nonsense");
        assertThat(nonsense.statusCode()).isEqualTo(400);
        assertThat(nonsense.body()).contains("filter is one of all, missing, security, overdue, reboot, stale.");
        OwnSeed.deleteClients(api, client);
    }

    private static List<String> hosts(Http api, String client, String filter) {
        return json(api.getJson("/api/v1/patches/devices?clientId=" + client + "&filter=" + filter)).valueStream()
                .map(d -> d.path("hostname").asString()).toList();
    }

    private void lastGood(String deviceId, Duration ago) {
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_scan SET last_good_at = ? WHERE device_id = ?")
                .params(Timestamp.from(Instant.now().minus(ago)), UUID.fromString(deviceId)).update());
    }
}
