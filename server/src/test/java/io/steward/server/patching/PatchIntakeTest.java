package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.patch.PatchMessages;
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
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scans as agents send them (signed, with their seq) through the real agent channel, and what the patch API makes of
 * them: the latest scan and updates per device, first-seen ages that survive rescans, history of what appeared and
 * went, bad input answered 400 with its field, replays 409, the heartbeat's scan plan from the client's policy.
 */
class PatchIntakeTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    static String update(String name, String installed, String candidate, String security, String... cves) {
        return "{\"name\":\"" + name + "\",\"arch\":\"amd64\",\"installedVersion\":\"" + installed + "\",\"candidateVersion\":\"" + candidate
                + "\",\"origin\":\"Debian-Security:12/stable-security\",\"security\":\"" + security + "\",\"severity\":\"\",\"cves\":["
                + String.join(",", java.util.Arrays.stream(cves).map(c -> "\"" + c + "\"").toList()) + "],\"held\":false}";
    }

    static HttpResponse<String> scan(TestAgent agent, boolean reboot, String... updates) {
        return scanBody(agent, "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":" + System.currentTimeMillis() + ",\"manager\":\"apt\",\"rebootRequired\":"
                + reboot + ",\"rebootPackages\":" + (reboot ? "[\"linux-image-amd64\"]" : "[]") + ",\"metadataRefreshedAt\":null,\"updates\":["
                + String.join(",", updates) + "],\"cost\":{\"wallMillis\":1200,\"cpuMillis\":800,\"maxRssKib\":40000},\"error\":null}");
    }

    static HttpResponse<String> scanBody(TestAgent agent, String body) {
        return agent.post(PatchMessages.SCAN_PATH, body, Instant.now());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    @Test
    void aScanIsStoredWithAgesAndHistoryAndRescansKeepFirstSeen() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch intake");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "patch-" + UUID.randomUUID().toString().substring(0, 6));

        HttpResponse<String> first = scan(agent, true, update("openssl", "3.0.1", "3.0.2", "yes", "CVE-2026-1111"),
                update("vim", "9.0", "9.1", "no"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("accepted").asBoolean()).isTrue();

        JsonNode device = json(api.getJson("/api/v1/patches/devices/" + agent.deviceId));
        assertThat(device.path("scan").path("manager").asString()).isEqualTo("apt");
        assertThat(device.path("scan").path("rebootRequired").asBoolean()).isTrue();
        assertThat(device.path("scan").path("wallMillis").asLong()).isEqualTo(1200);
        assertThat(device.path("updates")).hasSize(2);
        assertThat(device.path("compliant").asBoolean()).isTrue();
        assertThat(device.path("history")).hasSize(2);
        String firstSeen = device.path("updates").get(0).path("firstSeenAt").asString();

        // openssl offers a newer candidate, vim went (installed), curl appeared.
        HttpResponse<String> second = scan(agent, false, update("curl", "7.88", "7.88.1", "unknown"),
                update("openssl", "3.0.1", "3.0.3", "yes", "CVE-2026-1111", "CVE-2026-2222"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        device = json(api.getJson("/api/v1/patches/devices/" + agent.deviceId));
        assertThat(device.path("updates")).hasSize(2);
        JsonNode openssl = find(device.path("updates"), "openssl");
        assertThat(openssl.path("candidateVersion").asString()).isEqualTo("3.0.3");
        assertThat(openssl.path("firstSeenAt").asString()).as("a newer candidate does not restart the age").isEqualTo(firstSeen);
        assertThat(openssl.path("cves")).hasSize(2);
        assertThat(device.path("scan").path("rebootRequired").asBoolean()).isFalse();
        assertThat(device.path("history").valueStream().map(h -> h.path("event").asString() + " " + h.path("name").asString()).toList())
                .contains("GONE vim", "FIRST_SEEN curl", "FIRST_SEEN openssl");

        // A failed scan is recorded and keeps the last good updates.
        HttpResponse<String> failed = scanBody(agent, "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":" + System.currentTimeMillis()
                + ",\"manager\":\"apt\",\"rebootRequired\":false,\"rebootPackages\":[],\"updates\":[],\"cost\":null,\"error\":\"apt is locked\"}");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
        device = json(api.getJson("/api/v1/patches/devices/" + agent.deviceId));
        assertThat(device.path("scan").path("error").asString()).isEqualTo("apt is locked");
        assertThat(device.path("updates")).hasSize(2);
        JsonNode status = json(api.getJson("/api/v1/patches/devices?clientId=" + client)).get(0);
        assertThat(status.path("missing").asInt()).as("the last good scan's figures").isEqualTo(2);
        assertThat(status.path("security").asInt()).isEqualTo(1);

        // The same sequence number again is a replay.
        HttpResponse<String> replay = scanBody(agent, "{\"seq\":1,\"scannedAt\":" + System.currentTimeMillis()
                + ",\"manager\":\"apt\",\"rebootRequired\":false,\"rebootPackages\":[],\"updates\":[],\"cost\":null,\"error\":null}");
        assertThat(replay.statusCode()).isEqualTo(409);

        // Exposure to a CVE, compliance once the security update is past the deadline.
        JsonNode exposed = json(api.getJson("/api/v1/patches/exposure?cve=cve-2026-2222"));
        assertThat(exposed.path("cve").asString()).isEqualTo("CVE-2026-2222");
        assertThat(exposed.path("devices").asLong()).isEqualTo(1);
        assertThat(exposed.path("clients").get(0).path("devices").asInt()).isEqualTo(1);
        assertThat(exposed.path("page").path("items").valueStream().map(e -> e.path("deviceId").asString()).toList()).containsExactly(agent.deviceId);
        JsonNode summary = json(api.getJson("/api/v1/patches/clients/" + client));
        assertThat(summary.path("compliance").path("percent").asInt()).isEqualTo(100);
        age(agent.deviceId, "openssl", Duration.ofDays(15));
        summary = json(api.getJson("/api/v1/patches/clients/" + client));
        assertThat(summary.path("compliance").path("percent").asInt()).isEqualTo(0);
        assertThat(summary.path("overdue").asInt()).isEqualTo(1);
        JsonNode overdue = json(api.getJson("/api/v1/patches/devices?clientId=" + client + "&filter=overdue"));
        assertThat(overdue).hasSize(1);
        assertThat(overdue.get(0).path("oldestSecurityDays").asInt()).isEqualTo(15);
        // A longer deadline makes it compliant again.
        HttpResponse<String> put = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"securityDeadlineDays\":30}",
                Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(api.getJson("/api/v1/patches/clients/" + client)).path("compliance").path("percent").asInt()).isEqualTo(100);

        JsonNode outstanding = json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&security=true")).path("page").path("items");
        assertThat(outstanding).hasSize(1);
        assertThat(outstanding.get(0).path("name").asString()).isEqualTo("openssl");
        assertThat(outstanding.get(0).path("approval").asString()).isEqualTo("PENDING");
        HttpResponse<String> decided = api.json("POST", "/api/v1/patches/decisions", "{\"clientId\":\"" + client
                + "\",\"decision\":\"APPROVED\",\"packages\":[{\"name\":\"openssl\",\"version\":\"3.0.3\"}]}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&security=true")).path("page").path("items").get(0).path("approval").asString())
                .isEqualTo("APPROVED");

        Http page = admin();
        assertThat(page.page("/patches?clientId=" + client)).contains("openssl", "3.0.3");
        assertThat(page.page("/devices/" + agent.deviceId + "/patches")).contains("openssl", "curl", "apt is locked");
        // A clean rescan empties the device's figures.
        assertThat(scan(agent, false).statusCode()).isEqualTo(200);
        status = json(api.getJson("/api/v1/patches/devices?clientId=" + client)).get(0);
        assertThat(status.path("missing").asInt()).isZero();
        assertThat(status.path("security").asInt()).isZero();
        assertThat(status.path("overdue").asInt()).isZero();
        assertThat(status.path("compliant").asBoolean()).isTrue();
        assertThat(json(api.getJson("/api/v1/patches/exposure?cve=CVE-2026-2222")).path("page").path("items").valueStream().map(e -> e.path("deviceId").asString()).toList())
                .as("no longer exposed once the fixing update is gone").doesNotContain(agent.deviceId);
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void badScansAreAnswered400WithTheirFieldAndNothingIsStored() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch bad input");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "patch-bad-" + UUID.randomUUID().toString().substring(0, 6));
        String good = update("openssl", "3.0.1", "3.0.2", "yes");
        Map<String, String> bad = Map.of(
                "security", scanJson(agent, "apt", update("openssl", "3.0.1", "3.0.2", "maybe")),
                "manager", scanJson(agent, "brew", good),
                "cves", scanJson(agent, "apt", update("openssl", "3.0.1", "3.0.2", "yes", "not-a-cve")),
                "name", scanJson(agent, "apt", update("rm -rf /", "1", "2", "no")),
                "twice", scanJson(agent, "apt", good + "," + good),
                "updates", "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":" + System.currentTimeMillis() + ",\"manager\":\"apt\",\"rebootRequired\":false}",
                "json", "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":\"yesterday\"}");
        bad.forEach((what, body) -> {
            HttpResponse<String> r = scanBody(agent, body);
            assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        });
        assertThat(json(api.getJson("/api/v1/patches/devices/" + agent.deviceId)).path("scan").path("manager").isMissingNode()).as("no scan stored").isTrue();
        // Unsigned: 401 from the channel.
        HttpResponse<String> unsigned = agent.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + PatchMessages.SCAN_PATH)).header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void theHeartbeatCarriesTheScanPlanOfTheClientsPolicy() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch plan");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "patch-plan-" + UUID.randomUUID().toString().substring(0, 6));
        JsonNode plan = json(agent.heartbeat()).path("patches");
        assertThat(plan.path("scanHours").asInt()).isEqualTo(24);
        assertThat(plan.path("refreshMetadata").asBoolean()).isFalse();
        assertThat(plan.path("scanRequestedAt").asLong()).isZero();

        HttpResponse<String> put = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy",
                "{\"scanHours\":6,\"refreshMetadata\":true,\"refreshJitterMinutes\":30}", Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag").orElse("")).isEqualTo("\"1\"");
        HttpResponse<String> stale = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"scanHours\":8}", Map.of("If-Match", "\"0\""));
        assertThat(stale.statusCode()).isEqualTo(412);
        HttpResponse<String> invalid = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"scanHours\":0}", Map.of("If-Match", "\"1\""));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("scanHours");
        // A technician scans and approves updates, but the policy (automatic approval, deadlines, reboots) is not theirs to set.
        HttpResponse<String> byTechnician = signedIn(io.steward.server.support.DemoLogins.TIER1).json("PUT",
                "/api/v1/patches/clients/" + client + "/policy", "{\"scanHours\":12}", Map.of("If-Match", "\"1\""));
        assertThat(byTechnician.statusCode()).isEqualTo(403);
        HttpResponse<String> requested = api.json("POST", "/api/v1/patches/clients/" + client + "/scan-request", null);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);

        plan = json(agent.heartbeat()).path("patches");
        assertThat(plan.path("scanHours").asInt()).isEqualTo(6);
        assertThat(plan.path("refreshMetadata").asBoolean()).isTrue();
        assertThat(plan.path("refreshJitterMinutes").asInt()).isEqualTo(30);
        assertThat(plan.path("scanRequestedAt").asLong()).isPositive();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void theRolloutNamesOnlyTheClientsOwnGroupsAndLibraryScripts() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch rollout");
        String other = OwnData.client(api, "Patch rollout other");
        String pilot = json(api.json("POST", "/api/v1/clients/" + client + "/device-groups", "{\"name\":\"Pilot\",\"kind\":\"RULE\",\"tags\":[\"pilot\"]}")).path("id").asText();
        String foreign = json(api.json("POST", "/api/v1/clients/" + other + "/device-groups", "{\"name\":\"Theirs\",\"kind\":\"RULE\",\"tags\":[\"x\"]}")).path("id").asText();
        String script = json(api.json("POST", "/api/v1/scripts", "{\"name\":\"pre-patch " + UUID.randomUUID()
                + "\",\"interpreter\":\"sh\",\"operatingSystems\":[\"linux\"],\"body\":\"echo stopping the app\"}")).path("id").asText();
        String path = "/api/v1/patches/clients/" + client + "/policy";

        HttpResponse<String> theirs = api.json("PUT", path, "{\"rollout\":{\"pilotGroupId\":\"" + foreign + "\"}}", Map.of("If-Match", "\"0\""));
        assertThat(theirs.statusCode()).isEqualTo(400);
        assertThat(theirs.body()).contains("pilotGroupId");
        HttpResponse<String> tooMany = api.json("PUT", path, "{\"rollout\":{\"installRetries\":6}}", Map.of("If-Match", "\"0\""));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("installRetries");
        HttpResponse<String> noScript = api.json("PUT", path, "{\"rollout\":{\"preScriptId\":\"" + UUID.randomUUID() + "\"}}", Map.of("If-Match", "\"0\""));
        assertThat(noScript.statusCode()).isEqualTo(400);
        assertThat(noScript.body()).contains("preScriptId");

        HttpResponse<String> put = api.json("PUT", path, "{\"rollout\":{\"pilotGroupId\":\"" + pilot + "\",\"pilotWaitDays\":3,\"ringStopPercent\":10,"
                + "\"installRetries\":1,\"emergencyHours\":72,\"preScriptId\":\"" + script + "\"}}", Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode rollout = json(api.getJson(path)).path("policy").path("rollout");
        assertThat(rollout.path("pilotGroupId").asText()).isEqualTo(pilot);
        assertThat(rollout.path("pilotWaitDays").asInt()).isEqualTo(3);
        assertThat(rollout.path("ringStopPercent").asInt()).isEqualTo(10);
        assertThat(rollout.path("installRetries").asInt()).isEqualTo(1);
        assertThat(rollout.path("emergencyHours").asInt()).isEqualTo(72);
        assertThat(rollout.path("preScriptId").asText()).isEqualTo(script);
        assertThat(rollout.hasNonNull("postScriptId")).isFalse();

        // Leaving the rollout out keeps it; an empty id clears one.
        assertThat(api.json("PUT", path, "{\"scanHours\":12}", Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(200);
        assertThat(api.json("PUT", path, "{\"rollout\":{\"pilotGroupId\":\"\"}}", Map.of("If-Match", "\"2\"")).statusCode()).isEqualTo(200);
        rollout = json(api.getJson(path)).path("policy").path("rollout");
        assertThat(rollout.hasNonNull("pilotGroupId")).isFalse();
        assertThat(rollout.path("pilotWaitDays").asInt()).isEqualTo(3);
        assertThat(rollout.path("preScriptId").asText()).isEqualTo(script);
        OwnSeed.deleteClients(api, client, other);
    }

    /** A fleet has far more outstanding updates than a page can show: the oldest are shown, with how many there are. */
    @Test
    void theCentralPageShowsTheOldestRowsAndSaysHowManyThereAre() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch page size");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "patch-many-" + UUID.randomUUID().toString().substring(0, 6));
        String[] updates = new String[301];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = update(String.format("pkg%03d", i), "1.0", "1.1", "no");
        }
        assertThat(scan(agent, false, updates).statusCode()).isEqualTo(200);
        age(agent.deviceId, "pkg150", Duration.ofDays(40));
        JsonNode first = json(api.getJson("/api/v1/patches/updates?clientId=" + client));
        assertThat(first.path("asOf").isMissingNode() || first.path("asOf").isNull()).as("a client's list is grouped live").isTrue();
        assertThat(first.path("page").path("total").asLong()).isEqualTo(301);
        assertThat(first.path("page").path("items")).hasSize(100);
        assertThat(first.path("page").path("items").get(0).path("name").asString()).as("the oldest first").isEqualTo("pkg150");
        JsonNode last = json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&page=3&size=100"));
        assertThat(last.path("page").path("items")).hasSize(1);
        assertThat(last.path("page").path("total").asLong()).isEqualTo(301);
        java.util.Set<String> all = new java.util.HashSet<>();
        for (int p = 0; p < 4; p++) {
            json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&page=" + p + "&size=100")).path("page").path("items")
                    .forEach(u -> all.add(u.path("name").asString()));
        }
        assertThat(all).as("the pages together list every update once").hasSize(301);
        assertThat(json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&page=9&size=100")).path("page").path("total").asLong())
                .as("past the end: no rows, the same total").isEqualTo(301);
        HttpResponse<String> tooBig = api.getJson("/api/v1/patches/updates?size=501");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("size");

        String page = admin().page("/patches?clientId=" + client);
        assertThat(page).contains("Showing 1–100 of 301 outstanding updates");
        assertThat(page.split("name=\"rows\"", -1)).hasSize(101);
        assertThat(page).as("the oldest comes first, the newest last is left out").contains("pkg150").doesNotContain("pkg300");
        String lastPage = admin().page("/patches?clientId=" + client + "&page=3");
        assertThat(lastPage).contains("Showing 301–301 of 301", "pkg300", "outstanding-previous").doesNotContain("outstanding-next");
        assertThat(lastPage.split("name=\"rows\"", -1)).hasSize(2);
        assertThat(admin().page("/patches?clientId=" + client + "&name=pkg007")).doesNotContain("outstanding-more").contains("pkg007");
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void aScopedTechnicianSeesOnlyTheirClients() {
        Http api = adminApi();
        String mine = OwnData.client(api, "Patch scope mine");
        String theirs = OwnData.client(api, "Patch scope theirs");
        TestAgent a = OwnData.approvedDevice(api, port, mine, "patch-mine-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, theirs, "patch-theirs-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(scan(a, false, update("openssl", "1", "2", "yes", "CVE-2026-7777")).statusCode()).isEqualTo(200);
        assertThat(scan(b, false, update("openssl", "1", "2", "yes", "CVE-2026-7777")).statusCode()).isEqualTo(200);
        OwnSeed.Technician t = OwnSeed.technician(api, mine);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());

        assertThat(json(tech.getJson("/api/v1/patches/exposure?cve=CVE-2026-7777")).path("page").path("items").valueStream().map(e -> e.path("deviceId").asString()).toList())
                .containsExactly(a.deviceId);
        assertThat(tech.getJson("/api/v1/patches/devices/" + b.deviceId).statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/patches/clients/" + theirs).statusCode()).isEqualTo(404);
        assertThat(json(tech.getJson("/api/v1/patches/clients")).valueStream().map(c -> c.path("clientId").asString()).toList()).containsExactly(mine);
        assertThat(json(api.getJson("/api/v1/patches/exposure?cve=CVE-2026-7777")).path("page").path("items").valueStream().map(e -> e.path("deviceId").asString()).toList())
                .contains(a.deviceId, b.deviceId);
        OwnSeed.disableUser(api, t.id());
        OwnSeed.deleteClients(api, mine, theirs);
    }

    private static String scanJson(TestAgent agent, String manager, String updates) {
        return "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":" + System.currentTimeMillis() + ",\"manager\":\"" + manager
                + "\",\"rebootRequired\":false,\"rebootPackages\":[],\"updates\":[" + updates + "],\"cost\":null,\"error\":null}";
    }

    private void age(String deviceId, String name, Duration by) {
        age(jdbc, deviceId, name, by);
    }

    /** Makes a device's pending update look first seen {@code by} ago. */
    static void age(JdbcClient jdbc, String deviceId, String name, Duration by) {
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_update SET first_seen_at = ? WHERE device_id = ? AND name = ?")
                .params(Timestamp.from(Instant.now().minus(by).minusSeconds(60)), UUID.fromString(deviceId), name).update());
    }

    private static JsonNode find(JsonNode array, String name) {
        return array.valueStream().filter(n -> n.path("name").asString().equals(name)).findFirst().orElseThrow();
    }
}
