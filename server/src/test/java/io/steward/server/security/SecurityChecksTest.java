package io.steward.server.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Check results as agents send them (signed, with their seq) through the real agent channel: latest results and the
 * episodes of the history with their began, detected and fixed times, incidents opened and settled for the checks the
 * plan names, the plan in the answer, bad input refused with its field, forged, unsigned and replayed posts refused,
 * and each tenant's data visible to its own staff only.
 */
class SecurityChecksTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static String result(String check, String status, String evidence, Long observedAt) {
        return "{\"check\":\"" + check + "\",\"status\":\"" + status + "\",\"evidence\":" + (evidence == null ? "null" : "\"" + evidence + "\"")
                + ",\"observedAt\":" + observedAt + "}";
    }

    static HttpResponse<String> round(TestAgent agent, Instant evaluatedAt, String... results) {
        return agent.post(SecurityCheckMessages.RESULTS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"evaluatedAt\":" + evaluatedAt.toEpochMilli()
                + ",\"results\":[" + String.join(",", results) + "]}", Instant.now());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    static JsonNode find(JsonNode array, String field, String value) {
        return array.valueStream().filter(n -> n.path(field).asString().equals(value)).findFirst().orElseThrow();
    }

    @Test
    void failThenPassGivesTheDetectionAndFixTimesAndTheIncidentOpensAndSettles() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security episodes");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "sec-" + UUID.randomUUID().toString().substring(0, 6));
        HttpResponse<String> put = api.json("PUT", "/api/v1/security/clients/" + client + "/plan",
                "{\"everyMinutes\":30,\"allowedPorts\":[\"22/tcp\",\"443/TCP\"],\"incidentChecks\":[\"firewall\"]}", Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag").orElse("")).isEqualTo("\"1\"");

        // Two hours ago everything passed (the agent's clock).
        Instant passedAt = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        HttpResponse<String> first = round(agent, passedAt, result("firewall", "pass", "nftables: 12 rules", null),
                result("ssh-password-login", "pass", "PasswordAuthentication no", null), result("disk-encryption", "unknown", "no lsblk", null));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("accepted").asBoolean()).isTrue();
        assertThat(json(first).path("plan").path("everyMinutes").asInt()).as("the client's plan in the answer").isEqualTo(30);
        assertThat(json(first).path("plan").path("allowedPorts").valueStream().map(JsonNode::asString).toList()).containsExactly("22/tcp", "443/tcp");

        // Now the firewall is off, and SSH accepts passwords since a time the evidence names.
        Instant failedAt = passedAt.plus(Duration.ofMinutes(90));
        Instant sshSince = passedAt.plus(Duration.ofMinutes(40));
        Instant before = Instant.now();
        HttpResponse<String> failing = round(agent, failedAt, result("firewall", "fail", "no ruleset loaded", null),
                result("ssh-password-login", "fail", "PasswordAuthentication yes", sshSince.toEpochMilli()));
        Instant after = Instant.now();
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(200);

        JsonNode device = json(api.getJson("/api/v1/security/devices/" + agent.deviceId));
        assertThat(find(device.path("results"), "check", "firewall").path("status").asString()).isEqualTo("fail");
        assertThat(find(device.path("results"), "check", "disk-encryption").path("status").asString()).isEqualTo("unknown");
        JsonNode firewall = find(device.path("episodes"), "check", "firewall");
        assertThat(Instant.parse(firewall.path("beganAt").asString())).as("the last passing evaluation").isEqualTo(passedAt);
        assertThat(firewall.path("beganFrom").asString()).isEqualTo("last-pass");
        Instant detected = Instant.parse(firewall.path("detectedAt").asString());
        assertThat(detected).as("the server's receipt of the first failing result").isBetween(before.minusMillis(1), after.plusMillis(1));
        assertThat(firewall.hasNonNull("fixedAt")).isFalse();
        assertThat(firewall.path("evidence").asString()).isEqualTo("no ruleset loaded");
        JsonNode ssh = find(device.path("episodes"), "check", "ssh-password-login");
        assertThat(Instant.parse(ssh.path("beganAt").asString())).as("the evidence's time").isEqualTo(sshSince);
        assertThat(ssh.path("beganFrom").asString()).isEqualTo("evidence");
        assertThat(ssh.hasNonNull("incidentId")).as("the plan names only the firewall").isFalse();
        String incident = firewall.path("incidentId").asString();
        JsonNode ticket = json(api.getJson("/api/v1/tickets/" + incident));
        assertThat(ticket.path("type").asString()).isEqualTo("INCIDENT");
        assertThat(ticket.path("title").asString()).contains("firewall");

        // Still failing: the same episode and the same incident, no second one.
        assertThat(round(agent, failedAt.plus(Duration.ofMinutes(10)), result("firewall", "fail", "still no ruleset", null)).statusCode()).isEqualTo(200);
        // Unknown neither closes nor opens.
        assertThat(round(agent, failedAt.plus(Duration.ofMinutes(15)), result("firewall", "unknown", "nft not found", null)).statusCode()).isEqualTo(200);
        device = json(api.getJson("/api/v1/security/devices/" + agent.deviceId));
        assertThat(device.path("episodes").valueStream().filter(e -> e.path("check").asString().equals("firewall")).toList()).hasSize(1);
        firewall = find(device.path("episodes"), "check", "firewall");
        assertThat(firewall.hasNonNull("fixedAt")).isFalse();
        assertThat(firewall.path("lastEvidence").asString()).isEqualTo("still no ruleset");

        // The firewall is back: the episode closes at the passing evaluation, the incident is settled.
        Instant fixedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        HttpResponse<String> passing = round(agent, fixedAt, result("firewall", "pass", "nftables: 12 rules", null));
        assertThat(passing.statusCode()).as(passing.body()).isEqualTo(200);
        firewall = find(json(api.getJson("/api/v1/security/devices/" + agent.deviceId)).path("episodes"), "check", "firewall");
        Instant fixed = Instant.parse(firewall.path("fixedAt").asString());
        assertThat(fixed).isEqualTo(fixedAt.isBefore(detected) ? detected : fixedAt);
        assertThat(firewall.path("fixedEvidence").asString()).isEqualTo("nftables: 12 rules");
        assertThat(api.getJson("/api/v1/tickets/" + incident).body()).contains("\"status\":\"RESOLVED\"");

        // The month's times: two episodes detected, one fixed, one still open.
        YearMonth month = YearMonth.from(detected.atZone(BERLIN));
        JsonNode summary = json(api.getJson("/api/v1/security/clients/" + client + "?month=" + month));
        JsonNode times = summary.path("times");
        assertThat(times.path("detected").asInt()).isEqualTo(2);
        assertThat(times.path("fixed").asInt()).isEqualTo(1);
        assertThat(times.path("stillOpen").asInt()).isEqualTo(1);
        Instant sshDetected = Instant.parse(ssh.path("detectedAt").asString());
        Duration d1 = Duration.between(passedAt, detected);
        Duration d2 = Duration.between(sshSince, sshDetected);
        assertThat(times.path("mttdMeanMinutes").asLong()).isEqualTo(d1.plus(d2).dividedBy(2).toMinutes());
        assertThat(times.path("mttrMedianMinutes").asLong()).isEqualTo(Duration.between(detected, fixed).toMinutes());
        assertThat(summary.path("openEpisodes")).hasSize(1);
        assertThat(summary.path("openEpisodes").get(0).path("check").asString()).isEqualTo("ssh-password-login");
        JsonNode row = find(summary.path("devices"), "deviceId", agent.deviceId);
        assertThat(row.path("statuses").path("firewall").asString()).isEqualTo("pass");
        assertThat(row.path("statuses").path("ssh-password-login").asString()).isEqualTo("fail");
        assertThat(row.path("failing").asInt()).isEqualTo(1);

        // The pages show the same.
        Http page = admin();
        assertThat(page.page("/security/clients/" + client)).contains("ssh-password-login", "security-matrix", agent.deviceId);
        assertThat(page.page("/security/devices/" + agent.deviceId)).contains("PasswordAuthentication yes", "no ruleset loaded", "nftables: 12 rules");
        assertThat(page.page("/security/clients/" + client + "/plan")).contains("443/tcp", "security-plan");
        assertThat(page.page("/security")).contains("/security/clients/" + client);
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void badRoundsAreRefusedWithTheirFieldAndForgedUnsignedAndReplayedPostsAreRefused() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security bad input");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "sec-bad-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent other = OwnData.approvedDevice(api, port, client, "sec-other-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        Map<String, String> bad = Map.of(
                "results[0].check", body(agent, now, result("telnet", "pass", "", null)),
                "results[0].status", body(agent, now, result("firewall", "ok", "", null)),
                "results[0].evidence", body(agent, now, result("firewall", "pass", "x".repeat(2001), null)),
                "results[1].check", body(agent, now, result("firewall", "pass", "", null) + "," + result("firewall", "fail", "", null)),
                "evaluatedAt", body(agent, now + Duration.ofDays(3).toMillis(), result("firewall", "pass", "", null)),
                "results[0].observedAt", body(agent, now, result("firewall", "fail", "", now + Duration.ofDays(3).toMillis())),
                "results", "{\"seq\":" + agent.nextSeq() + ",\"evaluatedAt\":" + now + "}");
        bad.forEach((field, body) -> {
            HttpResponse<String> r = agent.post(SecurityCheckMessages.RESULTS_PATH, body, Instant.now());
            assertThat(r.statusCode()).as(field + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            assertThat(r.body()).contains(field);
        });
        HttpResponse<String> notJson = agent.post(SecurityCheckMessages.RESULTS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"evaluatedAt\":\"now\"}", Instant.now());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(api.getJson("/api/v1/security/devices/" + agent.deviceId)).path("results")).as("nothing stored").isEmpty();

        // Unsigned: 401.
        HttpResponse<String> unsigned = agent.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + SecurityCheckMessages.RESULTS_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(agent, now, result("firewall", "fail", "", null)))));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        // Forged: signed with this agent's key while claiming to be the other device.
        HttpResponse<String> forged = agent.post(SecurityCheckMessages.RESULTS_PATH, body(agent, now, result("firewall", "fail", "forged", null)),
                Instant.now(), agent.keys, other.deviceId);
        assertThat(forged.statusCode()).isEqualTo(401);
        // Stale signature time: refused.
        HttpResponse<String> stale = agent.post(SecurityCheckMessages.RESULTS_PATH, body(agent, now, result("firewall", "fail", "old", null)),
                Instant.now().minus(Duration.ofHours(2)));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(json(api.getJson("/api/v1/security/devices/" + other.deviceId)).path("results")).as("the other device has no rows").isEmpty();

        // A good round, then the same seq again: stored once (409), and an older round is acknowledged but not applied.
        String good = body(agent, now, result("firewall", "fail", "first", null));
        assertThat(agent.post(SecurityCheckMessages.RESULTS_PATH, good, Instant.now()).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = agent.post(SecurityCheckMessages.RESULTS_PATH, good.replace("first", "again"), Instant.now());
        assertThat(replay.statusCode()).isEqualTo(409);
        HttpResponse<String> older = agent.post(SecurityCheckMessages.RESULTS_PATH, body(agent, now - 60_000, result("firewall", "pass", "late", null)),
                Instant.now());
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(json(older).path("accepted").asBoolean()).isFalse();
        assertThat(json(older).path("reason").asString()).isNotBlank();
        JsonNode device = json(api.getJson("/api/v1/security/devices/" + agent.deviceId));
        assertThat(device.path("results")).hasSize(1);
        assertThat(device.path("results").get(0).path("evidence").asString()).isEqualTo("first");
        assertThat(device.path("episodes")).hasSize(1);
        assertThat(device.path("episodes").get(0).hasNonNull("fixedAt")).isFalse();
        assertThat(json(api.getJson("/api/v1/security/devices/" + other.deviceId)).path("results")).isEmpty();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void thePlanIsValidatedVersionedAndOnlyManagersAndAdminsChangeIt() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security plan");
        String path = "/api/v1/security/clients/" + client + "/plan";
        JsonNode plan = json(api.getJson(path));
        assertThat(plan.path("version").asInt()).isZero();
        assertThat(plan.path("everyMinutes").asInt()).isEqualTo(SecurityCheckMessages.DEFAULT_PLAN.everyMinutes());
        Map<String, String> bad = Map.of("everyMinutes", "{\"everyMinutes\":1}", "allowedPorts", "{\"allowedPorts\":[\"http\"]}",
                "incidentChecks", "{\"incidentChecks\":[\"telnet\"]}", "admins", "{\"admins\":[\"a;rm -rf\"]}",
                "maxSecurityUpdateAgeDays", "{\"maxSecurityUpdateAgeDays\":0}");
        bad.forEach((field, body) -> {
            HttpResponse<String> r = api.json("PUT", path, body, Map.of("If-Match", "\"0\""));
            assertThat(r.statusCode()).as(field + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains(field);
        });
        HttpResponse<String> ok = api.json("PUT", path, "{\"admins\":[\"alice\",\"CORP\\\\bob\"],\"failedLogonThreshold\":5,\"incidentChecks\":"
                + "[\"reboot-pending\",\"firewall\"]}", Map.of("If-Match", "\"0\""));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        plan = json(ok);
        assertThat(plan.path("admins").valueStream().map(JsonNode::asString).toList()).containsExactly("alice", "CORP\\bob");
        assertThat(plan.path("incidentChecks").valueStream().map(JsonNode::asString).toList()).as("in the protocol's order")
                .containsExactly("firewall", "reboot-pending");
        assertThat(api.json("PUT", path, "{\"failedLogonThreshold\":6}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(412);
        HttpResponse<String> byTechnician = signedIn(DemoLogins.TIER1).json("PUT", path, "{\"failedLogonThreshold\":6}", Map.of("If-Match", "\"1\""));
        assertThat(byTechnician.statusCode()).isEqualTo(403);
        assertThat(byTechnician.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(signedIn(DemoLogins.MANAGER).json("PUT", path, "{\"failedLogonThreshold\":7}", Map.of("If-Match", "\"1\"")).statusCode())
                .isEqualTo(200);
        assertThat(json(api.getJson(path)).path("failedLogonThreshold").asInt()).isEqualTo(7);
        // The page's form saves the same way; a stale version is answered with the current plan, not saved.
        HttpResponse<String> form = admin().postForm("/security/clients/" + client + "/plan", Map.of("version", "2", "failedLogonThreshold", "9",
                "allowedPorts", "22/tcp, 8443/tcp", "admins", "alice\r\nCORP\\bob", "incidentChecks", "antivirus"));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(302);
        plan = json(api.getJson(path));
        assertThat(plan.path("failedLogonThreshold").asInt()).isEqualTo(9);
        assertThat(plan.path("allowedPorts").valueStream().map(JsonNode::asString).toList()).containsExactly("22/tcp", "8443/tcp");
        assertThat(plan.path("admins").valueStream().map(JsonNode::asString).toList()).containsExactly("alice", "CORP\\bob");
        assertThat(plan.path("incidentChecks").valueStream().map(JsonNode::asString).toList()).containsExactly("antivirus");
        HttpResponse<String> staleForm = admin().postForm("/security/clients/" + client + "/plan", Map.of("version", "2", "failedLogonThreshold", "11"));
        assertThat(staleForm.statusCode()).isEqualTo(200);
        assertThat(staleForm.body()).contains("Someone changed the plan meanwhile");
        assertThat(json(api.getJson(path)).path("failedLogonThreshold").asInt()).isEqualTo(9);
        // A portal user may not see security checks at all: staff areas do not exist for them (404, as every staff area).
        String northwind = io.steward.server.support.Text.jsonString(api.getJson("/api/v1/clients?q=Northwind").body(), "id");
        HttpResponse<String> portal = signedIn(DemoLogins.PORTAL_NORTHWIND).getJson("/api/v1/security/clients/" + northwind);
        assertThat(portal.statusCode()).as("not even their own client's").isEqualTo(404);
        assertThat(portal.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void aDeviceGroupsExceptionsApplyToItsDevicesOnly() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security groups");
        String other = OwnData.client(api, "Security groups other");
        TestAgent server = OwnData.approvedDevice(api, port, client, "sec-srv-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent desktop = OwnData.approvedDevice(api, port, client, "sec-pc-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(api.json("PUT", "/api/v1/security/clients/" + client + "/plan", "{\"everyMinutes\":30}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(200);
        String group = json(api.json("POST", "/api/v1/clients/" + client + "/device-groups",
                "{\"name\":\"Servers\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + server.deviceId + "\"]}")).path("id").asString();
        String foreign = json(api.json("POST", "/api/v1/clients/" + other + "/device-groups",
                "{\"name\":\"Theirs\",\"kind\":\"STATIC\",\"deviceIds\":[]}")).path("id").asString();
        String path = "/api/v1/security/clients/" + client + "/plan/device-groups/";

        assertThat(api.json("PUT", path + foreign, "{\"everyMinutes\":15}", Map.of("If-Match", "\"0\"")).statusCode())
                .as("another client's group").isEqualTo(404);
        HttpResponse<String> invalid = api.json("PUT", path + group, "{\"everyMinutes\":1}", Map.of("If-Match", "\"0\""));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("everyMinutes");
        HttpResponse<String> put = api.json("PUT", path + group, "{\"everyMinutes\":15,\"incidentChecks\":[\"firewall\"]}", Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag").orElse("")).isEqualTo("\"1\"");
        assertThat(api.json("PUT", path + group, "{\"everyMinutes\":20}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(412);
        assertThat(signedIn(DemoLogins.TIER1).json("PUT", path + group, "{\"everyMinutes\":20}", Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(403);
        JsonNode listed = json(api.getJson("/api/v1/security/clients/" + client + "/plan/device-groups"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("groupName").asString()).isEqualTo("Servers");
        assertThat(listed.get(0).hasNonNull("failedLogonThreshold")).as("inherits").isFalse();

        HttpResponse<String> fromServer = round(server, Instant.now(), result("firewall", "fail", "off", null));
        assertThat(json(fromServer).path("plan").path("everyMinutes").asInt()).as("the group's").isEqualTo(15);
        assertThat(json(fromServer).path("plan").path("failedLogonThreshold").asInt()).as("the client's").isEqualTo(10);
        HttpResponse<String> fromDesktop = round(desktop, Instant.now(), result("firewall", "fail", "off", null));
        assertThat(json(fromDesktop).path("plan").path("everyMinutes").asInt()).as("the client's").isEqualTo(30);
        assertThat(json(api.getJson("/api/v1/security/devices/" + server.deviceId)).path("episodes").get(0).hasNonNull("incidentId"))
                .as("the group's plan raises incidents for the firewall").isTrue();
        assertThat(json(api.getJson("/api/v1/security/devices/" + desktop.deviceId)).path("episodes").get(0).hasNonNull("incidentId")).isFalse();
        assertThat(admin().page("/security/clients/" + client + "/plan")).contains("plan-groups", "Servers");

        assertThat(api.json("DELETE", path + group, null, Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(204);
        assertThat(json(round(server, Instant.now(), result("firewall", "pass", "on", null))).path("plan").path("everyMinutes").asInt()).isEqualTo(30);
        // The page's form: blank fields inherit.
        HttpResponse<String> form = admin().postForm("/security/clients/" + client + "/plan/device-groups", Map.of("groupId", group,
                "failedLogonThreshold", "3", "allowedPorts", "", "admins", ""));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(302);
        listed = json(api.getJson("/api/v1/security/clients/" + client + "/plan/device-groups"));
        assertThat(listed.get(0).path("failedLogonThreshold").asInt()).isEqualTo(3);
        assertThat(listed.get(0).hasNonNull("everyMinutes")).isFalse();
        assertThat(listed.get(0).hasNonNull("allowedPorts")).isFalse();
        assertThat(listed.get(0).hasNonNull("incidentChecks")).isFalse();
        OwnSeed.deleteClients(api, client, other);
    }

    @Test
    void aScopedTechnicianSeesOnlyTheirClientsAndOtherIdsAre404() {
        Http api = adminApi();
        String mine = OwnData.client(api, "Security scope mine");
        String theirs = OwnData.client(api, "Security scope theirs");
        TestAgent a = OwnData.approvedDevice(api, port, mine, "sec-mine-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, theirs, "sec-theirs-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(round(a, Instant.now(), result("firewall", "fail", "mine", null)).statusCode()).isEqualTo(200);
        assertThat(round(b, Instant.now(), result("firewall", "fail", "theirs", null)).statusCode()).isEqualTo(200);
        OwnSeed.Technician t = OwnSeed.technician(api, mine);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());

        assertThat(json(tech.getJson("/api/v1/security/devices/" + a.deviceId)).path("results").get(0).path("evidence").asString()).isEqualTo("mine");
        assertThat(tech.getJson("/api/v1/security/devices/" + b.deviceId).statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/security/clients/" + theirs).statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/security/clients/" + theirs + "/plan").statusCode()).isEqualTo(404);
        assertThat(tech.get("/security/devices/" + b.deviceId).statusCode()).isEqualTo(404);
        assertThat(api.getJson("/api/v1/security/devices/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        JsonNode open = json(tech.getJson("/api/v1/security/clients/" + mine)).path("openEpisodes");
        assertThat(open.valueStream().map(e -> e.path("deviceId").asString()).toList()).containsExactly(a.deviceId);
        OwnSeed.disableUser(api, t.id());
        OwnSeed.deleteClients(api, mine, theirs);
    }

    private static String body(TestAgent agent, long evaluatedAt, String results) {
        return "{\"seq\":" + agent.nextSeq() + ",\"evaluatedAt\":" + evaluatedAt + ",\"results\":[" + results + "]}";
    }
}
