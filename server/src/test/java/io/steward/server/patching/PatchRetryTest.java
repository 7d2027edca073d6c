package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.SignerHost;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.patching.internal.RetrySweep;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.patching.PatchIntakeTest.scan;
import static io.steward.server.patching.PatchIntakeTest.update;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed installs retried per policy, end to end through the real signer: security updates run under a standard change
 * of the installer that two service managers signed with their passkeys; runs finish as the agent reports them
 * (TaskRunFinished with the installer's result lines); the retry sweep is driven at instants past the backoff, so the
 * test passes on any date. Each test has its own client and devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatchRetryTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    RetrySweep sweep;
    @Autowired
    SignerHost signerHost;

    record Person(UUID id, String name, Http http, SoftwarePasskey passkey) {
    }

    Person manager;
    Person approver;

    @BeforeAll
    void people() {
        manager = staff("SERVICE_MANAGER", "Retry Manager");
        approver = staff("SERVICE_MANAGER", "Retry Approver");
    }

    @Test
    void aFailedSecurityInstallIsRetriedOnThatDeviceWithThatPackageOnlyThenOneIncidentNotedAgainAndAScanClearsIt() {
        String client = OwnData.client(adminApi(), "Patch retry");
        String hostA = "retry-a-" + UUID.randomUUID().toString().substring(0, 6);
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, hostA);
        TestAgent b = OwnData.approvedDevice(adminApi(), port, client, "retry-b-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes"), update("vim", "9.0", "9.1", "yes")).statusCode()).isEqualTo(200);
        assertThat(scan(b, false, update("openssl", "3.0.1", "3.0.3", "yes")).statusCode()).isEqualTo(200);
        HttpResponse<String> policy = adminApi().json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"rollout\":{\"installRetries\":2}}",
                Map.of("If-Match", "\"0\""));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        securityStandardChange(client);

        HttpResponse<String> ran = manager.http().json("POST", "/api/v1/patches/clients/" + client + "/security-run", "{}");
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        Map<String, UUID> taskOf = new LinkedHashMap<>();
        JSON.readTree(ran.body()).forEach(r -> {
            assertThat(r.hasNonNull("refusal")).as(r.toString()).isFalse();
            taskOf.put(r.path("plan").path("packages").asString(), UUID.fromString(r.path("taskId").asString()));
        });
        assertThat(taskOf).containsOnlyKeys("openssl=3.0.3 vim=9.1", "openssl=3.0.3");
        Instant failedAt = Instant.now();
        finished(taskOf.get("openssl=3.0.3 vim=9.1"), client, a, "SUCCEEDED", "steward-patch: openssl=3.0.3 installed\n"
                + "steward-patch: vim=9.1 failed dpkg returned error code 1\n", failedAt);
        finished(taskOf.get("openssl=3.0.3"), client, b, "SUCCEEDED", "steward-patch: openssl=3.0.3 installed\n", failedAt);

        JsonNode attempts = attempts(adminApi(), a);
        assertThat(attempts.path("installRetries").asInt()).isEqualTo(2);
        assertThat(attempts.path("attempts")).singleElement().satisfies(x -> {
            assertThat(x.path("name").asString() + "=" + x.path("version").asString()).isEqualTo("vim=9.1");
            assertThat(x.path("failures").asInt()).isEqualTo(1);
            assertThat(x.path("automatic").asBoolean()).isTrue();
            assertThat(x.path("lastReason").asString()).isEqualTo("dpkg returned error code 1");
        });
        assertThat(attempts(adminApi(), b).path("attempts")).as("installed everywhere else").isEmpty();

        // Before the backoff: it waits (an hour after the failure), and nothing runs.
        long tasksBefore = tasks(client);
        sweepUntil(failedAt.plus(Duration.ofMinutes(30)), () -> attempt(a).hasNonNull("nextAt"));
        // An hour after the failure (as stored: PostgreSQL keeps microseconds).
        assertThat(Duration.between(failedAt.plus(Duration.ofHours(1)), Instant.parse(attempt(a).path("nextAt").asString())).abs())
                .isLessThan(Duration.ofMillis(1));
        assertThat(tasks(client)).isEqualTo(tasksBefore);

        // After it: one standard run on device a only, with only the failed package; a second pass starts nothing more.
        UUID retry1 = retried(a, failedAt.plus(Duration.ofMinutes(61)));
        sweep.sweep(failedAt.plus(Duration.ofMinutes(62)));
        assertThat(tasks(client)).isEqualTo(tasksBefore + 1);
        assertRetryRun(retry1, client, a);

        // The retry fails as a whole (no result line): the second retry waits 4 hours from then.
        Instant second = Instant.now();
        finished(retry1, client, a, "FAILED", "E: Could not get lock /var/lib/dpkg/lock-frontend\n", second);
        assertThat(attempt(a).path("failures").asInt()).isEqualTo(2);
        sweepUntil(second.plus(Duration.ofHours(3)), () -> attempt(a).hasNonNull("nextAt"));
        assertThat(tasks(client)).isEqualTo(tasksBefore + 1);
        UUID retry2 = retried(a, second.plus(Duration.ofHours(4)).plusSeconds(60));
        assertThat(retry2).isNotEqualTo(retry1);
        assertRetryRun(retry2, client, a);

        // The last retry fails too: exactly one incident for the device, naming it, the package, version, reasons and tasks.
        Instant third = Instant.now();
        finished(retry2, client, a, "SUCCEEDED", "steward-patch: vim=9.1 failed held broken packages\n", third);
        sweepUntil(third.plus(Duration.ofMinutes(1)), () -> "GAVE_UP".equals(attempt(a).path("state").asString()));
        sweep.sweep(third.plus(Duration.ofDays(3)));
        assertThat(tasks(client)).as("no retry past the policy's count").isEqualTo(tasksBefore + 2);
        List<Map<String, Object>> incidents = incidents(client);
        assertThat(incidents).hasSize(1);
        UUID ticket = (UUID) incidents.getFirst().get("id");
        assertThat((String) incidents.getFirst().get("title")).contains(hostA, "vim");
        assertThat((String) incidents.getFirst().get("description")).contains("vim 9.1", "failed 3 times", "held broken packages",
                taskOf.get("openssl=3.0.3 vim=9.1").toString(), retry1.toString(), retry2.toString());
        assertThat(attempts(adminApi(), a).path("incidentId").asString()).isEqualTo(ticket.toString());
        assertThat(admin().page("/devices/" + a.deviceId + "/patches")).contains("device-install-attempts", "Given up", ticket.toString());

        // A further failure on the device is noted on the open incident, not a second one.
        HttpResponse<String> again = manager.http().json("POST", "/api/v1/patches/clients/" + client + "/security-run", "{}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        UUID rerun = JSON.readTree(again.body()).valueStream().filter(r -> r.path("plan").path("packages").asString().contains("vim"))
                .map(r -> UUID.fromString(r.path("taskId").asString())).findFirst().orElseThrow();
        Instant fourth = Instant.now();
        finished(rerun, client, a, "TIMED_OUT", "", fourth);
        // A timed-out run counts every package it carried: the one given up on, and openssl, which the scan still offers.
        assertThat(attempt(a, "vim").path("failures").asInt()).isEqualTo(4);
        assertThat(attempt(a, "openssl").path("failures").asInt()).isEqualTo(1);
        sweepUntil(fourth.plus(Duration.ofMinutes(1)), () -> "GAVE_UP".equals(attempt(a, "vim").path("state").asString()));
        assertThat(incidents(client)).hasSize(1);
        String history = adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body();
        assertThat(history).contains("failed 4 times", rerun.toString());
        assertThat(attempts(adminApi(), b).path("attempts")).isEmpty();

        // The device's next scan no longer offers vim 9.1 (installed by hand): its attempts are over; openssl's stay.
        assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes")).statusCode()).isEqualTo(200);
        assertThat(attempts(adminApi(), a).path("attempts").valueStream().map(x -> x.path("name").asString()).toList()).containsExactly("openssl");
        assertThat(scan(a, false).statusCode()).isEqualTo(200);
        assertThat(attempts(adminApi(), a).path("attempts")).isEmpty();
        OwnSeed.deleteClients(adminApi(), client);
    }

    @Test
    void aFailureOfATaskPeopleApprovedIsOfferedAsADraftNeverRunAndAnInstallClearsIt() {
        String client = OwnData.client(adminApi(), "Patch retry approved");
        String hostA = "retry-p-" + UUID.randomUUID().toString().substring(0, 6);
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, hostA);
        assertThat(scan(a, false, update("zsh", "5.8", "5.9", "no")).statusCode()).isEqualTo(200);
        UUID task = approvedTask(client, a, "zsh=5.9");
        Instant failedAt = Instant.now();
        finished(task, client, a, "SUCCEEDED", "steward-patch: zsh=5.9 failed unmet dependencies\n", failedAt);
        assertThat(attempt(a).path("automatic").asBoolean()).isFalse();

        long tasksBefore = tasks(client);
        sweepUntil(failedAt, () -> "OFFERED".equals(attempt(a).path("state").asString()));
        sweep.sweep(failedAt.plus(Duration.ofDays(1)));
        assertThat(tasks(client)).as("nothing runs unsigned").isEqualTo(tasksBefore);
        JsonNode draft = attempts(adminApi(), a).path("retryDraft");
        String link = draft.path("draftLink").asString();
        assertThat(draft.path("packages").asString()).isEqualTo("zsh=5.9");
        assertThat(link).startsWith("/tasks/new?clientId=" + client).contains("deviceIds=" + a.deviceId, "param.PACKAGES=zsh%3D5.9",
                "param.SCOPE=approved");
        JsonNode offers = JSON.readTree(adminApi().getJson("/api/v1/patches/retry-offers?clientId=" + client).body());
        assertThat(offers).singleElement().satisfies(o -> assertThat(o.path("draftLink").asString()).isEqualTo(link));
        assertThat(admin().page("/devices/" + a.deviceId + "/patches")).contains("id=\"retry-draft\"", "Offered for people to request");
        assertThat(admin().page("/patches?clientId=" + client)).contains("retry-offers", "Request the retry of zsh=5.9 on " + hostA);
        assertThat(admin().page(link.replace("&amp;", "&"))).contains("Patch install (built-in)", "zsh=5.9");

        // People request the retry and it installs: the attempts are over.
        UUID again = approvedTask(client, a, "zsh=5.9");
        finished(again, client, a, "SUCCEEDED", "steward-patch: zsh=5.9 installed\n", Instant.now());
        assertThat(attempts(adminApi(), a).path("attempts")).isEmpty();
        assertThat(incidents(client)).isEmpty();
        OwnSeed.deleteClients(adminApi(), client);
    }

    @Test
    void anotherTenantSeesNoAttemptsAndRowsNamingAnotherClientsDeviceAreNeverRetried() {
        String mine = OwnData.client(adminApi(), "Patch retry mine");
        String theirs = OwnData.client(adminApi(), "Patch retry theirs");
        TestAgent a = OwnData.approvedDevice(adminApi(), port, mine, "retry-m-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent other = OwnData.approvedDevice(adminApi(), port, theirs, "retry-t-" + UUID.randomUUID().toString().substring(0, 6));
        securityStandardChange(mine);
        securityStandardChange(theirs);
        // Straight into the table: a row of my client naming their device (and failing long ago, so it would be due).
        Instant longAgo = Instant.now().minus(Duration.ofDays(2));
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO patch_install_attempt (device_id, client_id, name, version, scope, automatic, failures, task_ids, last_reason,
                                                           last_failed_at, state, handled, updated_at)
                        VALUES (?, ?, 'bash', '5.2.15', 'security', true, 1, ARRAY[gen_random_uuid()], 'inserted', ?, 'FAILED', false, ?)""")
                .params(UUID.fromString(other.deviceId), UUID.fromString(mine), Timestamp.from(longAgo), Timestamp.from(longAgo)).update());
        long before = tasks(mine) + tasks(theirs);
        sweepUntil(Instant.now(), () -> TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT handled FROM patch_install_attempt WHERE device_id = ?").param(UUID.fromString(other.deviceId)).query(Boolean.class).single()));
        assertThat(tasks(mine) + tasks(theirs)).as("no retry on another client's device").isEqualTo(before);
        assertThat(incidents(mine)).isEmpty();
        assertThat(incidents(theirs)).isEmpty();

        // A technician serving only their client does not find my device's attempts, nor my client's offers.
        OwnSeed.Technician t = OwnSeed.technician(adminApi(), theirs);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());
        assertThat(tech.getJson("/api/v1/patches/devices/" + a.deviceId + "/install-attempts").statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/patches/retry-offers?clientId=" + mine).statusCode()).isEqualTo(404);
        HttpResponse<String> theirsSeen = tech.getJson("/api/v1/patches/devices/" + other.deviceId + "/install-attempts");
        assertThat(theirsSeen.statusCode()).as(theirsSeen.body()).isEqualTo(200);
        assertThat(JSON.readTree(theirsSeen.body()).path("attempts")).as("their client's view shows no row of mine").isEmpty();
        assertThat(adminApi().getJson("/api/v1/patches/devices/" + a.deviceId + "/install-attempts").statusCode()).isEqualTo(200);
        OwnSeed.disableUser(adminApi(), t.id());
        OwnSeed.deleteClients(adminApi(), mine, theirs);
    }

    // ---- helpers

    private void finished(UUID task, String client, TestAgent device, String state, String output, Instant at) {
        events.publishEvent(new TaskRunFinished(task, new ClientId(UUID.fromString(client)), new DeviceId(UUID.fromString(device.deviceId)),
                state, "FAILED".equals(state) ? Integer.valueOf(100) : "SUCCEEDED".equals(state) ? Integer.valueOf(0) : null, 1000L, null, output, null, at));
    }

    private JsonNode attempts(Http who, TestAgent device) {
        HttpResponse<String> r = who.getJson("/api/v1/patches/devices/" + device.deviceId + "/install-attempts");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode attempt(TestAgent device) {
        JsonNode list = attempts(adminApi(), device).path("attempts");
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private JsonNode attempt(TestAgent device, String name) {
        return attempts(adminApi(), device).path("attempts").valueStream().filter(x -> name.equals(x.path("name").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no attempt of " + name));
    }

    /**
     * Sweeps as at {@code at} until {@code done}: the scheduler's own pass may hold the rows for a moment (it skips
     * what another holds, and so does this one), and acts the same way.
     */
    private void sweepUntil(Instant at, java.util.function.BooleanSupplier done) {
        for (int i = 0; i < 20 && !done.getAsBoolean(); i++) {
            sweep.sweep(at);
            if (!done.getAsBoolean()) {
                sleep();
            }
        }
        assertThat(done.getAsBoolean()).as("the sweep acted").isTrue();
    }

    private UUID retried(TestAgent device, Instant at) {
        sweepUntil(at, () -> "RETRYING".equals(attempt(device).path("state").asString()));
        return UUID.fromString(attempt(device).path("retryTaskId").asString());
    }

    /** The retry is a standard run of the installer on exactly the device, with exactly the failed package as a security install. */
    private void assertRetryRun(UUID task, String client, TestAgent device) {
        JsonNode detail = JSON.readTree(manager.http().getJson("/api/v1/tasks/" + task).body());
        JsonNode t = detail.path("task");
        assertThat(t.path("clientId").asString()).isEqualTo(client);
        assertThat(t.hasNonNull("standardChangeId")).as(t.toString()).isTrue();
        Map<String, String> values = new LinkedHashMap<>();
        t.path("parameters").forEach(p -> values.put(p.path("name").asString(), p.path("value").asString()));
        assertThat(values).containsEntry("PACKAGES", "vim=9.1").containsEntry("SCOPE", "security");
        assertThat(detail.path("runs").valueStream().map(r -> r.path("deviceId").asString()).toList()).containsExactly(device.deviceId);
        List<UUID> devices = TenantContext.callAsSystem(() -> jdbc.sql("SELECT device_id FROM task_run WHERE task_id = ?").param(task)
                .query(UUID.class).list());
        assertThat(devices).containsExactly(UUID.fromString(device.deviceId));
    }

    private long tasks(String client) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM task WHERE client_id = ?").param(UUID.fromString(client))
                .query(Long.class).single());
    }

    private List<Map<String, Object>> incidents(String client) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT id, title, description FROM ticket WHERE client_id = ? AND type = 'INCIDENT'")
                .param(UUID.fromString(client)).query().listOfRows());
    }

    /** A task of the installer with SCOPE approved, requested by the manager and approved by the other with their passkeys. */
    private UUID approvedTask(String client, TestAgent device, String packages) {
        String version = JSON.readTree(adminApi().getJson("/api/v1/patches/installer").body()).path("scriptVersionId").asString();
        String draft = JSON.writeValueAsString(Map.of("clientId", client, "scriptVersionId", version, "parameters",
                Map.of("PACKAGES", packages, "SCOPE", "approved", "REBOOT", "if-required", "REBOOT_WARNING", "15"), "targetKind", "DEVICES",
                "deviceIds", List.of(device.deviceId), "schedule", "now"));
        HttpResponse<String> preview = manager.http().json("POST", "/api/v1/tasks/preview", draft);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(preview.body());
        HttpResponse<String> requested = manager.http().json("POST", "/api/v1/tasks", "{\"draft\":" + draft + ",\"taskId\":\""
                + p.path("taskId").asString() + "\",\"preparedAt\":\"" + p.path("preparedAt").asString() + "\",\"assertion\":"
                + JSON.writeValueAsString(TestPasskeys.sign(manager.passkey(), p.path("challenge").asString(), signingOrigin())) + "}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String taskId = JSON.readTree(requested.body()).path("id").asString();
        HttpResponse<String> review = approver.http().getJson("/api/v1/tasks/" + taskId + "/approval");
        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        HttpResponse<String> approved = approver.http().json("POST", "/api/v1/tasks/" + taskId + "/approval", "{\"decision\":\"APPROVE\",\"assertion\":"
                + JSON.writeValueAsString(TestPasskeys.sign(approver.passkey(), JSON.readTree(review.body()).path("challenge").asString(),
                signingOrigin())) + "}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return UUID.fromString(taskId);
    }

    /** The standard change for automatic security patching of the client: any package list, security scope only. */
    private void securityStandardChange(String client) {
        String version = JSON.readTree(adminApi().getJson("/api/v1/patches/installer").body()).path("scriptVersionId").asString();
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("scriptVersionId", version);
        draft.put("scopeClientId", client);
        draft.put("notAfter", Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
        draft.put("allowed", Map.of("PACKAGES", List.of("*"), "SCOPE", List.of("security"), "REBOOT", List.of("if-required"),
                "REBOOT_WARNING", List.of("15")));
        StandardChangeFlow.approved(manager.http(), manager.passkey(), approver.http(), approver.passkey(), draft, signingOrigin());
    }

    /** A service manager signed in with two-factor authentication and a passkey the signer trusts. */
    private Person staff(String role, String name) {
        String email = "retry-" + UUID.randomUUID() + "@retry.test";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"" + name
                + "\",\"role\":\"" + role + "\",\"clientScope\":[]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        UUID id = UUID.fromString(body.get("user").get("id").asString());
        Http h = firstSignIn(email, body.get("oneTimePassword").asString());
        String secret = match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        HttpResponse<String> enabled = h.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret)));
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        h.page("/account");
        SoftwarePasskey key = TestPasskeys.register(h, port, "Own key");
        TestPasskeys.trust(signerHost, id, name, key, true);
        return new Person(id, name, h, key);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
