package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
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
 * Patch policies per site and device group, end to end: the devices of a site and of a group are judged by their own
 * deadlines, scan on their own schedule, keep their own held packages and reboot choice in install plans; the rest
 * follow the client. Bad input, stale versions, technicians and another client's groups are refused.
 */
class PolicyOverrideTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void sitesAndGroupsArePatchedByTheirOwnPolicies() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch overrides");
        String other = OwnData.client(api, "Patch overrides other");
        String site = json(api.json("POST", "/api/v1/clients/" + client + "/sites", "{\"name\":\"Warehouse\"}")).path("id").asString();
        TestAgent atSite = enrolled(api, client, site, "ovr-site");
        TestAgent server = OwnData.approvedDevice(api, port, client, "ovr-server-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent plain = OwnData.approvedDevice(api, port, client, "ovr-plain-" + UUID.randomUUID().toString().substring(0, 6));
        String servers = json(api.json("POST", "/api/v1/clients/" + client + "/device-groups",
                "{\"name\":\"Servers\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + server.deviceId + "\"]}")).path("id").asString();
        String theirGroup = json(api.json("POST", "/api/v1/clients/" + other + "/device-groups",
                "{\"name\":\"Theirs\",\"kind\":\"RULE\",\"tags\":[\"x\"]}")).path("id").asString();
        String base = "/api/v1/patches/clients/" + client + "/policy/overrides/";

        // Refused: another client's group (400 naming the field), nothing set, a technician, a stale version, an id nobody has (404).
        HttpResponse<String> foreign = api.json("PUT", base + "device-groups/" + theirGroup, "{\"reboot\":\"never\"}", Map.of("If-Match", "\"0\""));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("scopeId");
        assertThat(api.json("PUT", base + "sites/" + UUID.randomUUID(), "{\"reboot\":\"never\"}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(404);
        HttpResponse<String> empty = api.json("PUT", base + "device-groups/" + servers, "{}", Map.of("If-Match", "\"0\""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.TIER1).json("PUT", base + "device-groups/" + servers, "{\"reboot\":\"never\"}", Map.of("If-Match", "\"0\""))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> group = api.json("PUT", base + "device-groups/" + servers,
                "{\"securityDeadlineDays\":3,\"reboot\":\"never\",\"heldPackages\":[\"vim\"],\"scanHours\":6}", Map.of("If-Match", "\"0\""));
        assertThat(group.statusCode()).as(group.body()).isEqualTo(200);
        assertThat(json(group).path("scopeName").asString()).isEqualTo("Servers");
        assertThat(api.json("PUT", base + "device-groups/" + servers, "{\"reboot\":\"always\"}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(412);
        HttpResponse<String> siteOverride = api.json("PUT", base + "sites/" + site, "{\"securityDeadlineDays\":30}", Map.of("If-Match", "\"0\""));
        assertThat(siteOverride.statusCode()).as(siteOverride.body()).isEqualTo(200);
        assertThat(json(api.getJson(base.substring(0, base.length() - 1))).valueStream().map(o -> o.path("kind").asString() + " " + o.path("scopeName")
                .asString()).toList()).containsExactly("SITE Warehouse", "GROUP Servers");

        // The same security update, ten days old, on all three: overdue only where the deadline is 3 days.
        for (TestAgent a : new TestAgent[] {atSite, server, plain}) {
            assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.2", "yes", "CVE-2026-4242"), update("vim", "9.0", "9.1", "no")).statusCode())
                    .isEqualTo(200);
            PatchIntakeTest.age(jdbc, a.deviceId, "openssl", Duration.ofDays(10));
        }
        JsonNode overdue = json(api.getJson("/api/v1/patches/devices?clientId=" + client + "&filter=overdue"));
        assertThat(overdue.valueStream().map(d -> d.path("deviceId").asString()).toList()).containsExactly(server.deviceId);
        assertThat(json(api.getJson("/api/v1/patches/devices/" + server.deviceId)).path("securityDeadlineDays").asInt()).isEqualTo(3);
        assertThat(json(api.getJson("/api/v1/patches/devices/" + atSite.deviceId)).path("securityDeadlineDays").asInt()).isEqualTo(30);
        Map<String, Boolean> exposedOverdue = new java.util.HashMap<>();
        json(api.getJson("/api/v1/patches/exposure?cve=CVE-2026-4242")).path("page").path("items").valueStream()
                .forEach(e -> exposedOverdue.put(e.path("deviceId").asString(), e.path("fixes").get(0).path("overdue").asBoolean()));
        assertThat(exposedOverdue).containsEntry(server.deviceId, true).containsEntry(plain.deviceId, false).containsEntry(atSite.deviceId, false);

        // Scans follow the group's schedule; the others the client's.
        assertThat(json(server.heartbeat()).path("patches").path("scanHours").asInt()).isEqualTo(6);
        assertThat(json(plain.heartbeat()).path("patches").path("scanHours").asInt()).isEqualTo(24);

        // Approved updates: the server keeps vim held and never reboots, so it gets a task of its own.
        assertThat(api.json("POST", "/api/v1/patches/decisions", "{\"clientId\":\"" + client + "\",\"decision\":\"APPROVED\",\"packages\":["
                + "{\"name\":\"openssl\",\"version\":\"3.0.2\"},{\"name\":\"vim\",\"version\":\"9.1\"}]}").statusCode()).isEqualTo(200);
        JsonNode plans = json(api.getJson("/api/v1/patches/clients/" + client + "/install-plans?scope=approved"));
        assertThat(plans.valueStream().map(p -> p.path("packages").asString() + " " + p.path("reboot").asString() + " " + p.path("deviceIds").size())
                .toList()).containsExactlyInAnyOrder("openssl=3.0.2 never 1", "openssl=3.0.2 vim=9.1 if-required 2");

        // The page shows both and takes a change; removing the group's puts the server back under the client's deadline.
        Http page = admin();
        assertThat(page.page("/patches/clients/" + client + "/overrides")).contains("Warehouse", "Servers", "vim");
        HttpResponse<String> posted = page.postForm("/patches/clients/" + client + "/overrides", Map.of("scope", "SITE:" + site, "version", "1",
                "securityDeadlineDays", "12"));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(json(api.getJson("/api/v1/patches/devices/" + atSite.deviceId)).path("securityDeadlineDays").asInt()).isEqualTo(12);
        String problem = page.postForm("/patches/clients/" + client + "/overrides", Map.of("scope", "SITE:" + site, "version", "2",
                "securityDeadlineDays", "999")).body();
        assertThat(problem).contains("Between 1 and 365");
        assertThat(api.json("DELETE", base + "device-groups/" + servers, null).statusCode()).isEqualTo(204);
        assertThat(json(api.getJson("/api/v1/patches/devices?clientId=" + client + "&filter=overdue"))).isEmpty();
        assertThat(api.json("DELETE", base + "device-groups/" + servers, null).statusCode()).isEqualTo(404);
        OwnSeed.deleteClients(api, client, other);
    }

    private TestAgent enrolled(Http api, String client, String site, String prefix) {
        HttpResponse<String> token = api.json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true,\"siteId\":\"" + site + "\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        TestAgent agent = new TestAgent("http://localhost:" + port);
        HttpResponse<String> enrolled = agent.enroll(json(token).path("token").asString(), prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        return agent;
    }
}
