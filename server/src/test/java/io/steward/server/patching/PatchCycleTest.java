package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.TaskMessages;
import io.steward.server.automation.SignerHost;
import io.steward.server.patching.internal.CycleRunner;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import io.steward.server.support.StandardChangeFlow;
import io.steward.server.support.TestPasskeys;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.patching.PatchIntakeTest.json;
import static io.steward.server.patching.PatchIntakeTest.scan;
import static io.steward.server.patching.PatchIntakeTest.update;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unattended standard cycles end to end over HTTP with signed agent requests and the real child signer: the runner is
 * driven with chosen instants (the cycle day is a date a few days ahead, so the scheduled pass at the real present never
 * starts these clients' cycles), the security updates run as standard runs of the installer under a standard change two
 * people made, agents poll and report as the agent does, and the ring decisions follow the runs' real finish times.
 * Each test makes its own client, devices, people and standard changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatchCycleTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    CycleRunner runner;
    @Autowired
    SignerHost signerHost;
    @Autowired
    JdbcClient jdbc;

    record Person(UUID id, String name, Http http, SoftwarePasskey passkey) {
    }

    Person manager;
    Person approver;

    @BeforeAll
    void people() {
        manager = staff("SERVICE_MANAGER", List.of());
        approver = staff("SERVICE_MANAGER", List.of());
    }

    Person staff(String role, List<String> scope) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@cycles.test";
        String name = "TECHNICIAN".equals(role) ? "Cycles Technician" : "Cycles Manager";
        String scopeJson = scope.isEmpty() ? "[]" : "[\"" + String.join("\",\"", scope) + "\"]";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"" + name
                + "\",\"role\":\"" + role + "\"" + ("TECHNICIAN".equals(role) ? ",\"supportTier\":2" : "") + ",\"clientScope\":" + scopeJson + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        Http h = firstSignIn(email, body.get("oneTimePassword").asString());
        String secret = match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        assertThat(h.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret))).statusCode()).isEqualTo(200);
        h.page("/account");
        Person p = new Person(UUID.fromString(body.get("user").get("id").asString()), name, h, TestPasskeys.register(h, port, "Own key"));
        if (!"TECHNICIAN".equals(role)) {
            TestPasskeys.trust(signerHost, p.id(), p.name(), p.passkey(), true);
        }
        return p;
    }

    /** Makes {@code version} standard for the client with exactly {@code allowed}: requested by the manager, approved by another. */
    void standard(String client, String version, Map<String, List<String>> allowed) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("scriptVersionId", version);
        draft.put("scopeClientId", client);
        draft.put("notAfter", Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
        draft.put("allowed", allowed);
        StandardChangeFlow.approved(manager.http(), manager.passkey(), approver.http(), approver.passkey(), draft, signingOrigin());
    }

    void installerStandard(String client) {
        String installer = json(adminApi().getJson("/api/v1/patches/installer")).path("scriptVersionId").asString();
        standard(client, installer, Map.of("PACKAGES", List.of("*"), "SCOPE", List.of("security"), "REBOOT", List.of("if-required"),
                "REBOOT_WARNING", List.of("15")));
    }

    /** A library script (its id and its one version's id). */
    String[] script(String name) {
        JsonNode s = json(adminApi().json("POST", "/api/v1/scripts", "{\"name\":\"" + name + " " + UUID.randomUUID()
                + "\",\"interpreter\":\"bash\",\"operatingSystems\":[\"linux\"],\"body\":\"echo " + name + "\\n\"}"));
        return new String[] {s.path("id").asString(), s.path("latest").path("id").asString()};
    }

    /** A date a few days ahead in Berlin and the policy fields whose standard cycle falls on exactly that day. */
    record CycleDay(LocalDate day, int week, int weekday) {
        Instant at(int hour) {
            return day.atTime(LocalTime.of(hour, 0)).atZone(BERLIN).toInstant();
        }
    }

    static CycleDay cycleDay() {
        LocalDate day = LocalDate.now(BERLIN).plusDays(4);
        int week = Math.min(5, (day.getDayOfMonth() - 1) / 7 + 1);
        CycleDay c = new CycleDay(day, week, day.getDayOfWeek().getValue());
        assertThat(PatchCycle.cycleDay(YearMonth.from(day), week, DayOfWeek.of(c.weekday()), 0)).isEqualTo(day);
        return c;
    }

    void policy(String client, CycleDay d, String rollout) {
        HttpResponse<String> put = adminApi().json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"cycleWeek\":" + d.week()
                + ",\"cycleWeekday\":" + d.weekday() + ",\"cycleOffsetDays\":0,\"securityApproval\":\"AUTOMATIC\",\"rollout\":" + rollout + "}",
                Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    void window(String client) {
        Instant now = Instant.now();
        HttpResponse<String> w = adminApi().json("POST", "/api/v1/clients/" + client + "/maintenance-windows", "{\"startsAt\":\""
                + now.minusSeconds(600) + "\",\"endsAt\":\"" + now.plus(Duration.ofHours(3)) + "\",\"reason\":\"patch night\"}");
        assertThat(w.statusCode()).as(w.body()).isEqualTo(201);
    }

    List<JsonNode> cycles(String client) {
        return json(adminApi().getJson("/api/v1/patches/cycles?clientId=" + client)).valueStream().toList();
    }

    JsonNode only(String client) {
        List<JsonNode> all = cycles(client);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    long tasks(String client) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM task WHERE client_id = ?").param(UUID.fromString(client))
                .query(Long.class).single());
    }

    /** The agent polls (getting its order) and reports the run's end with this output. */
    static void run(TestAgent a, String task, String state, String stdout) {
        HttpResponse<String> poll = a.post(TaskMessages.POLL_PATH, "{\"seq\":" + a.nextSeq() + ",\"waitSeconds\":0,\"running\":[]}", Instant.now());
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
        assertThat(poll.body()).as("the order (its task id is inside the signed payload)").contains("\"order\":");
        HttpResponse<String> report = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + a.nextSeq() + ",\"taskId\":\"" + task + "\",\"state\":\"" + state
                + "\",\"reason\":null,\"exitCode\":" + ("SUCCEEDED".equals(state) ? 0 : 1) + ",\"durationMs\":5,\"stdoutTail\":" + JSON.writeValueAsString(stdout)
                + ",\"stderrTail\":\"\",\"stdoutBytes\":" + stdout.length() + ",\"stderrBytes\":0,\"stdoutSha256\":null,\"stderrSha256\":null,\"at\":0}",
                Instant.now());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(204);
    }

    static String ids(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).sorted().toList().toString();
    }

    @Test
    void aCycleDayMissedWhileStewardWasDownStartsLateOnceWithinTheCatchUp() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch cycle catch-up");
        CycleDay d = cycleDay();
        policy(client, d, "{}");

        // Four days after the day (the default catch-up is three): nothing starts.
        runner.tick(d.at(10).plus(Duration.ofDays(4)));
        assertThat(cycles(client)).isEmpty();
        // Two days after it: the cycle starts, for its own day, once however often the pass runs.
        runner.tick(d.at(10).plus(Duration.ofDays(2)));
        runner.tick(d.at(11).plus(Duration.ofDays(2)));
        assertThat(only(client).path("cycleDay").asString()).isEqualTo(d.day().toString());
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void thePilotGoesFirstOnceOnItsDayTheRingStopsAtTheThresholdAndAResumeLetsTheRestFollowAfterTheWait() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch cycle rings");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        TestAgent p1 = OwnData.approvedDevice(api, port, client, "pilot-1-" + tag);
        TestAgent p2 = OwnData.approvedDevice(api, port, client, "pilot-2-" + tag);
        TestAgent r1 = OwnData.approvedDevice(api, port, client, "rest-1-" + tag);
        for (TestAgent a : List.of(p1, p2, r1)) {
            assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes"), update("vim", "9.0", "9.1", "no")).statusCode()).isEqualTo(200);
        }
        String group = json(api.json("POST", "/api/v1/clients/" + client + "/device-groups", "{\"name\":\"Pilot " + tag + "\",\"kind\":\"STATIC\","
                + "\"deviceIds\":[\"" + p1.deviceId + "\",\"" + p2.deviceId + "\"]}")).path("id").asString();
        CycleDay d = cycleDay();
        policy(client, d, "{\"pilotGroupId\":\"" + group + "\",\"pilotWaitDays\":10,\"ringStopPercent\":40}");
        installerStandard(client);
        window(client);

        runner.tick(d.at(0).minus(Duration.ofHours(2)));
        assertThat(cycles(client)).as("the day before: nothing").isEmpty();
        runner.tick(d.at(10));
        JsonNode cycle = only(client);
        String id = cycle.path("id").asString();
        assertThat(cycle.path("cycleDay").asString()).isEqualTo(d.day().toString());
        assertThat(cycle.path("state").asString()).isEqualTo("RUNNING");
        JsonNode pilot = cycle.path("rings").get(0);
        assertThat(pilot.path("name").asString()).isEqualTo("PILOT");
        assertThat(pilot.path("phase").asString()).isEqualTo("INSTALL");
        assertThat(ids(pilot.path("deviceIds"))).isEqualTo(List.of(p1.deviceId, p2.deviceId).stream().sorted().toList().toString());
        assertThat(pilot.path("installTaskIds")).hasSize(1);
        assertThat(cycle.path("rings").get(1).path("phase").asString()).as("the rest waits").isEqualTo("PENDING");
        assertThat(tasks(client)).as("security updates only; vim waits for people").isEqualTo(1);
        String install = pilot.path("installTaskIds").get(0).asString();
        JsonNode task = json(api.getJson("/api/v1/tasks/" + install));
        assertThat(task.toString()).contains("openssl=3.0.3", "security").doesNotContain("vim=9.1");
        assertThat(task.path("standardChangeId").isNull()).as("a standard run").isFalse();

        runner.tick(d.at(11));
        runner.tick(d.at(23));
        assertThat(only(client).path("id").asString()).as("exactly once per cycle day").isEqualTo(id);
        assertThat(tasks(client)).isEqualTo(1);

        run(p1, install, "SUCCEEDED", "steward-patch: openssl=3.0.3 installed\n");
        run(p2, install, "SUCCEEDED", "steward-patch: openssl=3.0.3 failed dpkg error 1\n");
        runner.tick(d.at(12));
        cycle = only(client);
        assertThat(cycle.path("state").asString()).isEqualTo("STOPPED");
        assertThat(cycle.path("reason").asString()).contains("1 of 2", "40 %");
        assertThat(cycle.path("rings").get(0).path("phase").asString()).isEqualTo("DONE");
        assertThat(ids(cycle.path("rings").get(0).path("failedDeviceIds"))).as("a failed package fails the device").isEqualTo(List.of(p2.deviceId).toString());
        runner.tick(d.at(13).plus(Duration.ofDays(20)));
        assertThat(only(client).path("state").asString()).as("a stopped cycle starts nothing").isEqualTo("STOPPED");
        assertThat(tasks(client)).isEqualTo(1);
        assertThat(manager.http().page("/patches/cycles?clientId=" + client)).contains("cycle-reason-" + id, "1 of 2", "resume-" + id);

        Person technician = staff("TECHNICIAN", List.of());
        assertThat(technician.http().json("POST", "/api/v1/patches/cycles/" + id + "/resume", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> resumed = manager.http().json("POST", "/api/v1/patches/cycles/" + id + "/resume", "{}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json(resumed).path("gateOverridden").asBoolean()).isTrue();
        assertThat(manager.http().json("POST", "/api/v1/patches/cycles/" + id + "/resume", "{}").statusCode()).as("running now").isEqualTo(409);

        Instant pilotDone = Instant.parse(only(client).path("rings").get(0).path("finishedAt").asString());
        assertThat(pilotDone).as("the pilot's last run, not the pass").isBefore(d.at(0));
        runner.tick(pilotDone.plus(Duration.ofDays(10)).minusSeconds(60));
        cycle = only(client);
        assertThat(cycle.path("state").asString()).isEqualTo("RUNNING");
        assertThat(cycle.path("rings").get(1).path("phase").asString()).as("waits 10 days after the pilot").isEqualTo("PENDING");
        assertThat(Instant.parse(cycle.path("rings").get(1).path("notBefore").asString())).isEqualTo(pilotDone.plus(Duration.ofDays(10)));
        assertThat(tasks(client)).isEqualTo(1);

        runner.tick(pilotDone.plus(Duration.ofDays(10)));
        JsonNode rest = only(client).path("rings").get(1);
        assertThat(rest.path("phase").asString()).isEqualTo("INSTALL");
        assertThat(ids(rest.path("deviceIds"))).isEqualTo(List.of(r1.deviceId).toString());
        assertThat(tasks(client)).isEqualTo(2);
        run(r1, rest.path("installTaskIds").get(0).asString(), "SUCCEEDED", "steward-patch: openssl=3.0.3 installed\n");
        runner.tick(pilotDone.plus(Duration.ofDays(10)).plusSeconds(60));
        assertThat(only(client).path("state").asString()).isEqualTo("DONE");
        assertThat(api.page("/patches/clients/" + client + "/policy")).contains("cycle-" + id);
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void thePreScriptGatesTheInstallAndAMissingStandardChangeStopsTheCycleWhichThenStartsNoMoreTasks() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch cycle scripts");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        TestAgent a = OwnData.approvedDevice(api, port, client, "pre-a-" + tag);
        TestAgent b = OwnData.approvedDevice(api, port, client, "pre-b-" + tag);
        for (TestAgent t : List.of(a, b)) {
            assertThat(scan(t, false, update("openssl", "3.0.1", "3.0.3", "yes")).statusCode()).isEqualTo(200);
        }
        String[] pre = script("stop-app");
        String[] post = script("start-app");
        CycleDay d = cycleDay();
        policy(client, d, "{\"preScriptId\":\"" + pre[0] + "\",\"postScriptId\":\"" + post[0] + "\"}");
        installerStandard(client);
        window(client);

        // Without a standard change for the pre-script the cycle stops rather than install without it.
        runner.tick(d.at(9));
        JsonNode cycle = only(client);
        String id = cycle.path("id").asString();
        assertThat(cycle.path("state").asString()).isEqualTo("STOPPED");
        assertThat(cycle.path("reason").asString()).contains("No active standard change covers the policy's pre-script");
        assertThat(cycle.path("rings").get(0).path("phase").asString()).isEqualTo("PENDING");
        assertThat(tasks(client)).isZero();

        standard(client, pre[1], Map.of());
        assertThat(manager.http().json("POST", "/api/v1/patches/cycles/" + id + "/resume", "{}").statusCode()).isEqualTo(200);
        runner.tick(d.at(10));
        JsonNode ring = only(client).path("rings").get(0);
        assertThat(ring.path("name").asString()).isEqualTo("ALL");
        assertThat(ring.path("phase").asString()).isEqualTo("PRE");
        assertThat(ring.path("installTaskIds")).as("nothing installs before the pre-script ran").isEmpty();
        String preTask = ring.path("preTaskId").asString();
        run(a, preTask, "SUCCEEDED", "stop-app\n");
        run(b, preTask, "FAILED", "");
        runner.tick(d.at(11));
        ring = only(client).path("rings").get(0);
        assertThat(ring.path("phase").asString()).isEqualTo("INSTALL");
        assertThat(ids(ring.path("installDeviceIds"))).as("only where the pre-script succeeded").isEqualTo(List.of(a.deviceId).toString());
        assertThat(ids(ring.path("failedDeviceIds"))).isEqualTo(List.of(b.deviceId).toString());
        run(a, ring.path("installTaskIds").get(0).asString(), "SUCCEEDED", "steward-patch: openssl=3.0.3 installed\n");

        // The post-script has no standard change either: stopped again, with that reason.
        runner.tick(d.at(12));
        cycle = only(client);
        assertThat(cycle.path("state").asString()).isEqualTo("STOPPED");
        assertThat(cycle.path("reason").asString()).contains("post-script");
        long before = tasks(client);
        HttpResponse<String> cancelled = manager.http().json("POST", "/api/v1/patches/cycles/" + id + "/cancel", "{}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).path("state").asString()).isEqualTo("CANCELLED");
        standard(client, post[1], Map.of());
        runner.tick(d.at(13));
        assertThat(only(client).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(tasks(client)).as("a cancelled cycle starts no more tasks").isEqualTo(before);
        String audit = TenantContext.callAsSystem(() -> String.join(",", jdbc.sql("SELECT action FROM audit_log WHERE target_id = ?")
                .param(id).query(String.class).list()));
        assertThat(audit).contains("patch_cycle.started", "patch_cycle.stopped", "patch_cycle.resumed", "patch_cycle.cancelled");

        // Another client's staff see no such cycle.
        String other = OwnData.client(api, "Patch cycle other");
        Person theirs = staff("TECHNICIAN", List.of(other));
        assertThat(theirs.http().getJson("/api/v1/patches/cycles/" + id).statusCode()).isEqualTo(404);
        assertThat(json(theirs.http().getJson("/api/v1/patches/cycles")).toString()).doesNotContain(id);
        OwnSeed.deleteClients(api, client, other);
    }

    @Test
    void anEmergencyCycleIsDueAfterThePolicysHoursAndShowsItsOverdueDevices() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch emergency due");
        TestAgent a = OwnData.approvedDevice(api, port, client, "due-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes", "CVE-2026-40001")).statusCode()).isEqualTo(200);
        HttpResponse<String> put = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"rollout\":{\"emergencyHours\":1}}",
                Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode e = json(api.json("POST", "/api/v1/patches/clients/" + client + "/emergencies", "{\"cve\":\"CVE-2026-40001\"}"));
        Instant opened = Instant.parse(e.path("openedAt").asString());
        assertThat(Instant.parse(e.path("dueAt").asString())).isEqualTo(opened.plus(Duration.ofHours(1)));
        assertThat(e.path("overdueDeviceIds")).as("not due yet").isEmpty();
        String id = e.path("id").asString();
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_emergency SET opened_at = opened_at - interval '2 hours' WHERE id = ?")
                .param(UUID.fromString(id)).update());
        JsonNode late = json(api.getJson("/api/v1/patches/emergencies?clientId=" + client)).get(0);
        assertThat(late.path("overdueDeviceIds").get(0).asString()).isEqualTo(a.deviceId);
        assertThat(api.page("/patches/emergencies?clientId=" + client)).contains("due-" + id, "1 device(s) overdue");
        OwnSeed.deleteClients(api, client);
    }
}
