package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.support.DemoLogins;
import io.steward.server.shared.TenantContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attacks on the two-person rule: a task changed after it was requested, rows written straight into the
 * database, a scoped technician reaching for another client, ids of another tenant, an approver the signer does not
 * trust, staff without two-factor authentication. Each is refused and nothing is queued.
 */
class TaskSecurityTest extends TaskTestBase {

    @Test
    void theDigestCoversEverythingAChangeAfterTheRequestVoidsTheApproval() {
        Fleet fleet = fleet(2);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID version = scriptVersion("echo \"$1\"\n", PARAMS);
        String onlyFirst = draftJson(fleet.clientId(), version, Map.of("SERVICE", "cups"), List.of(fleet.deviceIds().get(0)), "");
        UUID second = UUID.fromString(fleet.deviceIds().get(1));

        Map<String, String> tampering = Map.of(
                "parameter", "UPDATE task SET parameters = CAST('[{\"name\":\"SERVICE\",\"delivery\":\"ARGUMENT\",\"value\":\"sshd\"}]' AS jsonb) WHERE id = ?",
                "expiry", "UPDATE task SET not_after = not_after + interval '1 hour' WHERE id = ?",
                "device", "UPDATE task_run SET device_id = '" + second + "' WHERE task_id = ?",
                "limits", "UPDATE task SET max_concurrent = max_concurrent + 1 WHERE id = ?");
        tampering.forEach((what, sql) -> {
            String taskId = request(tech, onlyFirst).get("id").asString();
            byte[] signedChallenge = challenge(approval(manager, taskId));
            TenantContext.runAsSystem(() -> assertThat(jdbc.sql(sql).param(UUID.fromString(taskId)).update()).isEqualTo(1));
            JsonNode view = approval(manager, taskId);
            assertThat(view.get("digestIntact").asBoolean()).as(what).isFalse();
            // Neither the signature over what was requested nor one over the changed task gets it approved.
            for (byte[] c : List.of(signedChallenge, challenge(view))) {
                HttpResponse<String> r = approve(manager, taskId, sign(manager.passkey(), c));
                assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(409);
                assertThat(r.body()).as(what).contains("changed after it was requested");
            }
            assertThat(taskState(taskId)).isEqualTo("AWAITING_APPROVAL");
            assertThat(runs(taskId)).allSatisfy(run -> assertThat(run.get("order_payload")).as(what).isNull());
        });

        // Changed together with its stored statement and digest: the requester's signature no longer covers it, and the
        // signer refuses.
        String taskId = request(tech, onlyFirst).get("id").asString();
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task SET not_after = not_after + interval '1 hour' WHERE id = ?").param(UUID.fromString(taskId)).update());
        TaskSpec forged = TenantContext.callAsSystem(() -> service.rebuild(repository.find(io.steward.server.shared.TenantScope.all(),
                UUID.fromString(taskId)).orElseThrow().task()));
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task SET spec = ?, digest = ? WHERE id = ?").params(forged.canonical(), forged.digest(),
                UUID.fromString(taskId)).update());
        HttpResponse<String> r = approve(manager, taskId, sign(manager.passkey(), forged.digest()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("signer refused");
        assertThat(runs(taskId)).allSatisfy(run -> assertThat(run.get("order_payload")).isNull());
        assertThat(auditEntries("task.signer_refused", taskId)).isEqualTo(1);
        assertThat(JSON.readTree(manager.http().getJson("/api/v1/tasks/" + taskId).body()).get("task").get("reason").asString())
                .startsWith("The signer refused");
    }

    @Test
    void rowsWrittenStraightIntoTheDatabaseAreNeverSigned() {
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID version = scriptVersion("rm -rf /tmp/nothing\n", "[]");
        UUID device = UUID.fromString(fleet.deviceIds().get(0));
        UUID client = UUID.fromString(fleet.clientId());
        String versionSha = TenantContext.callAsSystem(() -> jdbc.sql("SELECT sha256 FROM script_version WHERE id = ?").param(version)
                .query(String.class).single());

        // A task row inserted as APPROVED with a QUEUED run: no order exists for it, and nobody can approve it into one.
        UUID approved = insertTask(client, version, versionSha, device, tech.id(), "APPROVED", "QUEUED");
        assertThat(approve(manager, approved.toString(), sign(manager.passkey(), new byte[32])).statusCode()).isEqualTo(409);
        assertThat(runs(approved.toString())).singleElement().satisfies(run -> {
            assertThat(run.get("order_payload")).isNull();
            assertThat(run.get("order_signature")).isNull();
        });
        JsonNode detail = JSON.readTree(tech.http().getJson("/api/v1/tasks/" + approved).body());
        assertThat(detail.get("runs").get(0).get("signed").asBoolean()).isFalse();

        // A task row inserted as waiting, with a requester's "assertion" row that is not the requester's signature of it
        // (here: their passkey over another challenge): the approval reaches the signer, which refuses; nothing is queued.
        UUID waiting = insertTask(client, version, versionSha, device, tech.id(), "AWAITING_APPROVAL", "PENDING");
        var fake = sign(tech.passkey(), new byte[32]);
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO task_assertion (task_id, client_id, purpose, user_id, credential_id, authenticator_data, client_data_json, signature,
                    user_handle, created_at) VALUES (?, ?, 'REQUEST', ?, ?, ?, ?, ?, ?, now())""")
                .params(waiting, client, tech.id(), fake.credentialId(), fake.authenticatorData(), fake.clientDataJson(), fake.signature(),
                        fake.userHandle()).update());
        JsonNode view = approval(manager, waiting.toString());
        assertThat(view.get("digestIntact").asBoolean()).isTrue();
        HttpResponse<String> r = approve(manager, waiting.toString(), sign(manager.passkey(), challenge(view)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("signer refused");
        assertThat(taskState(waiting.toString())).isEqualTo("AWAITING_APPROVAL");
        assertThat(runs(waiting.toString())).singleElement().satisfies(run -> {
            assertThat(run.get("state")).isEqualTo("PENDING");
            assertThat(run.get("order_payload")).isNull();
        });
        assertThat(auditEntries("task.signer_refused", waiting.toString())).isEqualTo(1);
    }

    /** A task written with SQL, its statement and digest made as the server would, so only the signatures are missing. */
    private UUID insertTask(UUID client, UUID version, String sha, UUID device, UUID requester, String state, String runState) {
        UUID id = UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TaskSpec spec = new TaskSpec(id, client, requester, "inserted", sha, "bash", "", 60, 65536, List.of(), List.of(device), "now", now,
                now.plusSeconds(3600), 1, 0, null);
        TenantContext.runAsSystem(() -> {
            jdbc.sql("""
                    INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent,
                        stop_after_failures, state, spec, digest, requested_by, created_at, script_name, requested_by_name)
                    VALUES (?, ?, ?, 'DEVICES', 'now', ?, ?, 1, 0, ?, ?, ?, ?, now(), 'inserted', 'nobody')""")
                    .params(id, client, version, ts(now), ts(now.plusSeconds(3600)), state, spec.canonical(), spec.digest(), requester).update();
            jdbc.sql("INSERT INTO task_run (task_id, device_id, client_id, state) VALUES (?, ?, ?, ?)").params(id, device, client, runState).update();
        });
        return id;
    }

    @Test
    void anAssertionMadeOnStewardsOwnOriginNeverSigns() {
        // A compromised server can make a person's sign-in sign any challenge it likes, a task's digest included, on its own
        // origin. Such an assertion is refused by the server's check and by the signer: only the signer's page signs.
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        UUID version = scriptVersion("uptime\n", "[]");
        String draft = draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), "");
        JsonNode proposal = preview(tech, draft);
        String steward = "http://localhost:" + port;
        assertThat(signingOrigin()).isNotBlank().isNotEqualTo(steward);
        HttpResponse<String> r = postRequest(tech, draft, proposal, tech.passkey().assertion(challenge(proposal), "localhost", steward));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("not on the task signer's signing page");

        String taskId = request(tech, draft).get("id").asString();
        byte[] digest = challenge(approval(manager, taskId));
        HttpResponse<String> approved = approve(manager, taskId, manager.passkey().assertion(digest, "localhost", steward));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(400);
        assertThat(taskState(taskId)).isEqualTo("AWAITING_APPROVAL");
        // Straight to the signer, past the server's check: the signer refuses the origin itself.
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        TaskSpec spec = TenantContext.callAsSystem(() -> service.rebuild(repository.find(io.steward.server.shared.TenantScope.all(),
                UUID.fromString(taskId)).orElseThrow().task()));
        assertThat(spec.digest()).isEqualTo(digest);
        assertThatThrownBy(() -> signer.signTask(spec, List.of(sign(tech.passkey(), digest),
                manager.passkey().assertion(digest, "localhost", steward))))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("origin " + steward + " is not allowed");
        assertThat(runs(taskId)).allSatisfy(run -> assertThat(run.get("order_payload")).isNull());
    }

    @Test
    void aScopedTechnicianCannotReachAnotherClientNorItsTasks() {
        Fleet mine = fleet(1);
        Fleet theirs = fleet(1);
        Person scoped = staff("TECHNICIAN", List.of(theirs.clientId()));
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        UUID version = scriptVersion("uptime\n", "[]");

        // Targeting the other client, or its devices under the own client's name: answered as if they did not exist.
        HttpResponse<String> other = scoped.http().json("POST", "/api/v1/tasks/preview", draftJson(mine.clientId(), version, Map.of(), mine.deviceIds(), ""));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(404);
        HttpResponse<String> smuggled = scoped.http().json("POST", "/api/v1/tasks/preview",
                draftJson(theirs.clientId(), version, Map.of(), mine.deviceIds(), ""));
        assertThat(smuggled.statusCode()).as(smuggled.body()).isEqualTo(404);
        HttpResponse<String> wholeClient = scoped.http().json("POST", "/api/v1/tasks/preview", "{\"clientId\":\"" + mine.clientId()
                + "\",\"scriptVersionId\":\"" + version + "\",\"targetKind\":\"CLIENT\"}");
        assertThat(wholeClient.statusCode()).as(wholeClient.body()).isEqualTo(404);
        // Their own client's devices are fine.
        assertThat(preview(scoped, draftJson(theirs.clientId(), version, Map.of(), theirs.deviceIds(), "")).get("devices")).hasSize(1);

        // Another tenant's task ids: 404 for reading, approving, cancelling; the device's history too.
        String taskId = request(tech, draftJson(mine.clientId(), version, Map.of(), mine.deviceIds(), "")).get("id").asString();
        assertThat(scoped.http().getJson("/api/v1/tasks/" + taskId).statusCode()).isEqualTo(404);
        assertThat(scoped.http().getJson("/api/v1/tasks/" + taskId + "/approval").statusCode()).isEqualTo(404);
        assertThat(scoped.http().json("POST", "/api/v1/tasks/" + taskId + "/cancel", "{}").statusCode()).isEqualTo(404);
        assertThat(scoped.http().getJson("/api/v1/devices/" + mine.deviceIds().get(0) + "/tasks").statusCode()).isEqualTo(404);
        assertThat(scoped.http().getJson("/tasks/" + taskId).statusCode()).isEqualTo(404);
        JsonNode list = JSON.readTree(scoped.http().getJson("/api/v1/tasks").body());
        assertThat(list.toString()).doesNotContain(taskId);
        // Client users see no task at all.
        var portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.getJson("/api/v1/tasks/" + taskId).statusCode()).isIn(403, 404);
        assertThat(portal.getJson("/api/v1/tasks").statusCode()).isIn(403, 404);
        // The one who serves the client sees it, with its output.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task_run SET stdout_tail = 'load average: 0.42' WHERE task_id = ?")
                .param(UUID.fromString(taskId)).update());
        assertThat(tech.http().getJson("/api/v1/tasks/" + taskId).body()).contains("load average: 0.42");
        assertThat(manager.http().getJson("/api/v1/devices/" + mine.deviceIds().get(0) + "/tasks").body()).contains("load average: 0.42");
    }

    @Test
    void theSignersRefusalIsShownAuditedAndQueuesNothing() {
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        Person stranger = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        // The approver's passkey is registered on the server but the signer's keyring does not hold it.
        UUID version = scriptVersion("id\n", "[]");
        String taskId = request(tech, draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), "")).get("id").asString();
        HttpResponse<String> r = approve(stranger, taskId, sign(stranger.passkey(), challenge(approval(stranger, taskId))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(JSON.readTree(r.body()).get("detail").asString()).startsWith("The signer refused: ");
        assertThat(taskState(taskId)).isEqualTo("AWAITING_APPROVAL");
        assertThat(runs(taskId)).allSatisfy(run -> assertThat(run.get("order_payload")).isNull());
        assertThat(auditEntries("task.signer_refused", taskId)).isEqualTo(1);
        assertThat(auditEntries("task.approved", taskId)).isEqualTo(1);
    }

    @Test
    void onlyStaffWithTwoFactorAuthenticationRequestAndOnlyManagersApprove() {
        Fleet fleet = fleet(1);
        UUID version = scriptVersion("hostname\n", "[]");
        String email = "nomfa-" + UUID.randomUUID() + "@tasks.test";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"No MFA\",\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[]}");
        var noMfa = firstSignIn(email, JSON.readTree(created.body()).get("oneTimePassword").asString());
        noMfa.page("/account");
        HttpResponse<String> r = noMfa.json("POST", "/api/v1/tasks/preview", draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), ""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("two-factor");

        Person tech = staff("TECHNICIAN", List.of());
        Person otherTech = staff("TECHNICIAN", List.of());
        String taskId = request(tech, draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), "")).get("id").asString();
        HttpResponse<String> techApproval = approve(otherTech, taskId, sign(otherTech.passkey(), challenge(approval(otherTech, taskId))));
        assertThat(techApproval.statusCode()).as(techApproval.body()).isEqualTo(403);
        // A bad field is a problem with field details.
        HttpResponse<String> bad = tech.http().json("POST", "/api/v1/tasks/preview",
                draftJson(fleet.clientId(), version, Map.of("NOPE", "x"), fleet.deviceIds(), ",\"schedule\":\"sometime\""));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"parameters.NOPE\"");
        HttpResponse<String> tooLong = tech.http().json("POST", "/api/v1/tasks/preview",
                draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), ",\"expiresAt\":\"" + soon(24 * 365) + "\""));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"expiresAt\"");
    }

    @org.springframework.beans.factory.annotation.Autowired
    TaskService service;
    @org.springframework.beans.factory.annotation.Autowired
    io.steward.server.automation.internal.tasks.TaskRepository repository;

    @Test
    void aTaskWhoseScriptVersionFailsItsHashCheckCannotBeApprovedAndDoesNotHideTheOthers() {
        Fleet fleet = fleet(1);
        Person manager = staff("SERVICE_MANAGER", List.of());
        UUID script = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (?, ?, 'sh', now())").params(script, "forged " + script).update();
            // A body that is not what its hash says: the row was written behind the library's back.
            jdbc.sql("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) "
                    + "VALUES (?, ?, 1, encode(sha256('true'), 'hex'), 'rm -rf /srv', 60, 65536, now())").params(version, script).update();
            jdbc.sql("INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent, "
                    + "stop_after_failures, state, spec, digest, requested_by, created_at) VALUES (?, CAST(? AS uuid), ?, 'DEVICES', 'now', now(), "
                    + "now() + interval '1 hour', 1, 0, 'AWAITING_APPROVAL', '\\x00', decode(repeat('00', 32), 'hex'), ?, now())")
                    .params(taskId, fleet.clientId(), version, manager.id()).update();
        });
        HttpResponse<String> queue = manager.http().getJson("/api/v1/tasks/approvals");
        assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
        JsonNode entry = null;
        for (JsonNode e : JSON.readTree(queue.body())) {
            if (e.get("task").get("id").asString().equals(taskId.toString())) {
                entry = e;
            }
        }
        assertThat(entry).as("the forged task is listed").isNotNull();
        assertThat(entry.get("digestIntact").asBoolean()).isFalse();
        assertThat(entry.get("diff").toString()).contains("cannot be approved");
    }
}
