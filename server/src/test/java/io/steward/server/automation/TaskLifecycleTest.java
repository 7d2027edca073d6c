package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Reject, cancel, standard runs, remediation runs and the results that come back to tickets. */
class TaskLifecycleTest extends TaskTestBase {
    @Autowired
    TaskService service;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TaskEventRecorder recorded;

    @Test
    void rejectedAndCancelledTasksRunNowhere() {
        Fleet fleet = fleet(2);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID version = scriptVersion("df -h\n", "[]");
        String draft = draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), "");

        String rejected = request(tech, draft).get("id").asString();
        HttpResponse<String> noReason = manager.http().json("POST", "/api/v1/tasks/" + rejected + "/approval", "{\"decision\":\"REJECT\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"field\":\"reason\"");
        HttpResponse<String> r = manager.http().json("POST", "/api/v1/tasks/" + rejected + "/approval",
                "{\"decision\":\"REJECT\",\"reason\":\"Not during month end.\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("state").asString()).isEqualTo("REJECTED");
        assertThat(auditEntries("task.rejected", rejected)).isEqualTo(1);
        assertThat(approve(manager, rejected, sign(manager.passkey(), challenge(approval(manager, rejected)))).statusCode()).isEqualTo(409);

        // Approved, one run already delivered: the queued one is cancelled, the delivered one is asked to stop.
        String taskId = request(tech, draft).get("id").asString();
        assertThat(approve(manager, taskId, sign(manager.passkey(), challenge(approval(manager, taskId)))).statusCode()).isEqualTo(200);
        UUID delivered = UUID.fromString(fleet.deviceIds().get(0));
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task_run SET state = 'DELIVERED' WHERE task_id = ? AND device_id = ?")
                .params(UUID.fromString(taskId), delivered).update());
        Person otherTech = staff("TECHNICIAN", List.of());
        assertThat(otherTech.http().json("POST", "/api/v1/tasks/" + taskId + "/cancel", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> cancelled = tech.http().json("POST", "/api/v1/tasks/" + taskId + "/cancel", "{\"reason\":\"Wrong window.\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");
        List<Map<String, Object>> runs = TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT device_id, state, cancel_requested FROM task_run WHERE task_id = ?").param(UUID.fromString(taskId)).query().listOfRows());
        assertThat(runs).hasSize(2).allSatisfy(run -> {
            if (run.get("device_id").equals(delivered)) {
                assertThat(run.get("state")).isEqualTo("DELIVERED");
                assertThat(run.get("cancel_requested")).isEqualTo(true);
            } else {
                assertThat(run.get("state")).isEqualTo("CANCELLED");
            }
        });
        assertThat(auditEntries("task.cancelled", taskId)).isEqualTo(1);
        // The agents hear of the approval (both devices) and then of the cancellation (both devices).
        assertThat(recorded.of(UUID.fromString(taskId))).satisfiesExactly(
                e -> assertThat(((TaskApproved) e).deviceIds()).extracting(d -> d.value().toString()).containsExactlyInAnyOrderElementsOf(fleet.deviceIds()),
                e -> assertThat(((TaskCancelled) e).deviceIds()).extracting(d -> d.value().toString()).containsExactlyInAnyOrderElementsOf(fleet.deviceIds()));
        assertThat(recorded.of(UUID.fromString(rejected))).isEmpty();
        assertThat(tech.http().json("POST", "/api/v1/tasks/" + taskId + "/cancel", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void aStandardChangeRunsWithoutAFreshApprovalOnlyWithinItsValuesClientAndDevice() {
        Fleet fleet = fleet(1);
        Fleet elsewhere = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID version = scriptVersion("systemctl restart \"$1\"\n", PARAMS);
        String sha = TenantContext.callAsSystem(() -> jdbc.sql("SELECT sha256 FROM script_version WHERE id = ?").param(version).query(String.class).single());
        StandardChangeSpec change = new StandardChangeSpec(UUID.randomUUID(), tech.id(), "restart a service", sha, "bash", "", 60, 65536,
                List.of(new StandardChangeSpec.Allowed("SERVICE", Parameter.Delivery.ARGUMENT, List.of("nginx", "cups"))),
                UUID.fromString(fleet.clientId()), Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        // Two people adopt it with their passkeys; the signer keeps it.
        signer.adoptStandardChange(change, List.of(sign(tech.passkey(), change.digest()), sign(manager.passkey(), change.digest())));
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO standard_change (id, script_version_id, scope_client_id, allowed, max_timeout_seconds, not_after, state, spec, digest,
                    requested_by, approved_by, created_at, decided_at)
                VALUES (?, ?, ?, CAST(? AS jsonb), 60, ?, 'ACTIVE', ?, ?, ?, ?, now(), now())""")
                .params(change.id(), version, change.scopeClientId(), JSON.writeValueAsString(change.allowed()), ts(change.notAfter()), change.canonical(),
                        change.digest(), tech.id(), manager.id()).update());

        HttpResponse<String> run = tech.http().json("POST", "/api/v1/tasks/standard",
                draftJson(fleet.clientId(), version, Map.of("SERVICE", "nginx"), fleet.deviceIds(), ""));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        JsonNode task = JSON.readTree(run.body());
        assertThat(task.get("state").asString()).isEqualTo("APPROVED");
        assertThat(task.get("standardChangeId").asString()).isEqualTo(change.id().toString());
        assertThat(runs(task.get("id").asString())).singleElement().satisfies(r -> {
            assertThat(r.get("state")).isEqualTo("QUEUED");
            assertThat(r.get("order_payload")).isNotNull();
        });
        // A value it does not allow, or another client: a fresh approval is needed.
        HttpResponse<String> otherValue = tech.http().json("POST", "/api/v1/tasks/standard",
                draftJson(fleet.clientId(), version, Map.of("SERVICE", "sshd"), fleet.deviceIds(), ""));
        assertThat(otherValue.statusCode()).as(otherValue.body()).isEqualTo(403);
        HttpResponse<String> otherClient = tech.http().json("POST", "/api/v1/tasks/standard",
                draftJson(elsewhere.clientId(), version, Map.of("SERVICE", "nginx"), elsewhere.deviceIds(), ""));
        assertThat(otherClient.statusCode()).as(otherClient.body()).isEqualTo(403);

        // Remediation: exactly the alert's device, of the alert's client; never another client's device.
        ClientId client = new ClientId(UUID.fromString(fleet.clientId()));
        UUID alert = UUID.randomUUID();
        var remediated = TenantContext.callAs(TenantScope.of(client), () -> service.remediate(client,
                new DeviceId(UUID.fromString(fleet.deviceIds().get(0))), version, Map.of("SERVICE", "cups"), alert));
        assertThat(remediated).isPresent();
        assertThat(remediated.get().alertId()).isEqualTo(alert);
        assertThat(remediated.get().deviceCount()).isEqualTo(1);
        assertThat(runs(remediated.get().id().toString())).singleElement().satisfies(r -> assertThat(r.get("order_payload")).isNotNull());
        var foreign = TenantContext.callAs(TenantScope.of(client), () -> service.remediate(client,
                new DeviceId(UUID.fromString(elsewhere.deviceIds().get(0))), version, Map.of("SERVICE", "cups"), alert));
        assertThat(foreign).isEmpty();
        var notAllowed = TenantContext.callAs(TenantScope.of(client), () -> service.remediate(client,
                new DeviceId(UUID.fromString(fleet.deviceIds().get(0))), version, Map.of("SERVICE", "sshd"), alert));
        assertThat(notAllowed).isEmpty();
    }

    @Test
    void resultsComeBackToTheTicketsAsInternalNotes() {
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        String ticket = ticket(fleet.clientId(), "INCIDENT");
        String change = ticket(fleet.clientId(), "CHANGE");
        UUID version = scriptVersion("journalctl -n 5\n", "[]");
        String draft = draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), ",\"ticketId\":\"" + ticket + "\",\"changeTicketId\":\"" + change + "\"");
        String taskId = request(tech, draft).get("id").asString();
        assertThat(approve(manager, taskId, sign(manager.passkey(), challenge(approval(manager, taskId)))).statusCode()).isEqualTo(200);

        ClientId client = new ClientId(UUID.fromString(fleet.clientId()));
        TenantContext.runAs(TenantScope.of(client), () -> tx.executeWithoutResult(s -> events.publishEvent(new TaskRunFinished(UUID.fromString(taskId),
                client, new DeviceId(UUID.fromString(fleet.deviceIds().get(0))), "SUCCEEDED", 0, 1234L, null, "Dec 06 kernel: all quiet", null, Instant.now()))));
        for (String t : List.of(ticket, change)) {
            String history = adminApi().getJson("/api/v1/tickets/" + t + "/history").body();
            assertThat(history).contains("INTERNAL_NOTE").contains("SUCCEEDED, exit code 0, 1.2 s").contains("all quiet");
        }
        // A ticket of another client, or a change ticket that is no change, cannot be tied to the task.
        Fleet other = fleet(1);
        HttpResponse<String> wrongClient = tech.http().json("POST", "/api/v1/tasks/preview",
                draftJson(other.clientId(), version, Map.of(), other.deviceIds(), ",\"ticketId\":\"" + ticket + "\""));
        assertThat(wrongClient.statusCode()).isEqualTo(400);
        assertThat(wrongClient.body()).contains("\"field\":\"ticketId\"");
        HttpResponse<String> noChange = tech.http().json("POST", "/api/v1/tasks/preview",
                draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), ",\"changeTicketId\":\"" + ticket + "\""));
        assertThat(noChange.statusCode()).isEqualTo(400);
        assertThat(noChange.body()).contains("\"field\":\"changeTicketId\"");
    }

    @Test
    void targetsResolveToTheClientsApprovedDevicesAndTheScriptsClientRestrictionHolds() {
        Fleet fleet = fleet(2);
        Person tech = staff("TECHNICIAN", List.of());
        UUID version = scriptVersion("uname -a\n", "[]");
        String group = JSON.readTree(adminApi().json("POST", "/api/v1/clients/" + fleet.clientId() + "/device-groups", "{\"name\":\"tasks "
                + UUID.randomUUID() + "\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + fleet.deviceIds().get(1) + "\"]}").body()).get("id").asString();
        JsonNode byGroup = preview(tech, "{\"clientId\":\"" + fleet.clientId() + "\",\"scriptVersionId\":\"" + version
                + "\",\"targetKind\":\"GROUP\",\"targetId\":\"" + group + "\"}");
        assertThat(byGroup.get("devices")).hasSize(1);
        assertThat(byGroup.get("devices").get(0).get("deviceId").asString()).isEqualTo(fleet.deviceIds().get(1));
        JsonNode whole = preview(tech, "{\"clientId\":\"" + fleet.clientId() + "\",\"scriptVersionId\":\"" + version + "\",\"targetKind\":\"CLIENT\"}");
        assertThat(whole.get("spec").get("deviceIds")).hasSize(2);
        List<String> sorted = new java.util.ArrayList<>(fleet.deviceIds().stream().map(UUID::fromString).sorted().map(UUID::toString).toList());
        assertThat(List.of(whole.get("spec").get("deviceIds").get(0).asString(), whole.get("spec").get("deviceIds").get(1).asString())).isEqualTo(sorted);
        // A retired device is no target.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE device SET status = 'RETIRED', retired_at = now() WHERE id = ?")
                .param(UUID.fromString(fleet.deviceIds().get(0))).update());
        HttpResponse<String> retired = tech.http().json("POST", "/api/v1/tasks/preview", draftJson(fleet.clientId(), version, Map.of(),
                List.of(fleet.deviceIds().get(0)), ""));
        assertThat(retired.statusCode()).isEqualTo(400);
        assertThat(retired.body()).contains("\"field\":\"deviceIds\"");
        // A script limited to other clients may not target this one.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE script SET client_ids = ARRAY[gen_random_uuid()] WHERE id = (SELECT script_id FROM script_version WHERE id = ?)")
                .param(version).update());
        HttpResponse<String> restricted = tech.http().json("POST", "/api/v1/tasks/preview", draftJson(fleet.clientId(), version, Map.of(),
                List.of(fleet.deviceIds().get(1)), ""));
        assertThat(restricted.statusCode()).isEqualTo(400);
        assertThat(restricted.body()).contains("\"field\":\"scriptVersionId\"");
    }

    private String ticket(String clientId, String type) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"" + type
                + "\",\"title\":\"Task ticket " + UUID.randomUUID() + "\",\"description\":\"for a task\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asString();
    }
}
