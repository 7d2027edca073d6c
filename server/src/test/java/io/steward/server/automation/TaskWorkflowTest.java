package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.server.shared.TenantContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-person rule end to end over HTTP: a technician requests a task signed with their passkey, another person
 * approves it with theirs, and the signer's orders are stored on the runs; secrets are sealed, never stored or shown
 * in the clear.
 */
class TaskWorkflowTest extends TaskTestBase {

    @Test
    void aRequestedTaskApprovedByAnotherPersonGetsOneSignedOrderPerDevice() throws Exception {
        Fleet fleet = fleet(2);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID version = scriptVersion("#!/bin/bash\nsystemctl restart \"$1\"\n", PARAMS);
        String draft = draftJson(fleet.clientId(), version, Map.of("SERVICE", "nginx", "TOKEN", "hunter2-very-secret"), fleet.deviceIds(), "");

        JsonNode proposal = preview(tech, draft);
        assertThat(proposal.get("devices")).hasSize(2);
        assertThat(proposal.toString()).doesNotContain("hunter2-very-secret").contains("nginx");
        HttpResponse<String> requested = postRequest(tech, draft, proposal, sign(tech.passkey(), challenge(proposal)));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        JsonNode task = JSON.readTree(requested.body());
        String taskId = task.get("id").asString();
        assertThat(task.get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(task.get("deviceCount").asInt()).isEqualTo(2);
        assertThat(runs(taskId)).allSatisfy(r -> assertThat(r.get("state")).isEqualTo("PENDING"));
        // The secret is sealed apart; the task row and the answer carry only its hash.
        String stored = TenantContext.callAsSystem(() -> jdbc.sql("SELECT parameters::text || encode(spec, 'escape') FROM task WHERE id = ?")
                .param(UUID.fromString(taskId)).query(String.class).single());
        assertThat(stored).doesNotContain("hunter2-very-secret");
        byte[] sealed = TenantContext.callAsSystem(() -> jdbc.sql("SELECT sealed FROM task_secret WHERE task_id = ? AND name = 'TOKEN'")
                .param(UUID.fromString(taskId)).query(byte[].class).single());
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.US_ASCII)).doesNotContain("hunter2");
        assertThat(requested.body()).doesNotContain("hunter2-very-secret");
        assertThat(auditEntries("task.requested", taskId)).isEqualTo(1);

        // The approver's queue shows it with the whole script as new (no version was approved before) and the devices.
        HttpResponse<String> queue = manager.http().getJson("/api/v1/tasks/approvals");
        assertThat(queue.statusCode()).isEqualTo(200);
        JsonNode entry = null;
        for (JsonNode e : JSON.readTree(queue.body())) {
            if (e.get("task").get("id").asString().equals(taskId)) {
                entry = e;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("digestIntact").asBoolean()).isTrue();
        assertThat(entry.get("diff").toString()).contains("+ systemctl restart");
        assertThat(entry.get("challenge").asString()).isEqualTo(proposal.get("challenge").asString());

        HttpResponse<String> approved = approve(manager, taskId, sign(manager.passkey(), challenge(entry)));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("state").asString()).isEqualTo("APPROVED");
        assertThat(auditEntries("task.approved", taskId)).isEqualTo(1);

        PublicKey signerKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(signer.status().publicKey())));
        List<Map<String, Object>> runs = runs(taskId);
        assertThat(runs).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("state")).isEqualTo("QUEUED");
            DeviceOrder order = new SignedOrder((String) r.get("order_payload"), (String) r.get("order_signature")).verify(signerKey);
            assertThat(order.deviceId()).isEqualTo(r.get("device_id"));
            assertThat(order.taskId().toString()).isEqualTo(taskId);
            assertThat(order.arguments()).containsExactly("nginx");
            assertThat(order.secretHashes()).singleElement().asString().startsWith("TOKEN=").doesNotContain("hunter2");
        });

        // The task page's API shows each device's run; a second approval is refused.
        JsonNode detail = JSON.readTree(tech.http().getJson("/api/v1/tasks/" + taskId).body());
        assertThat(detail.get("runs")).hasSize(2);
        assertThat(detail.get("runs").get(0).get("signed").asBoolean()).isTrue();
        assertThat(approve(manager, taskId, sign(manager.passkey(), challenge(entry))).statusCode()).isEqualTo(409);
        // The device's history lists the run.
        JsonNode history = JSON.readTree(tech.http().getJson("/api/v1/devices/" + fleet.deviceIds().get(0) + "/tasks").body());
        assertThat(history.toString()).contains(taskId);
    }

    @Test
    void theRequestersOwnApprovalNeverCountsWhateverPasskey() {
        Fleet fleet = fleet(1);
        Person manager = staff("SERVICE_MANAGER", List.of());
        Person other = staff("SERVICE_MANAGER", List.of());
        var second = registerPasskey(manager);
        signerTrusts(manager, manager.passkey());
        signerTrusts(manager, second);
        signerTrusts(other, other.passkey());
        UUID version = scriptVersion("echo self\n", "[]");
        String taskId = request(manager, draftJson(fleet.clientId(), version, Map.of(), fleet.deviceIds(), "")).get("id").asString();
        byte[] challenge = challenge(approval(other, taskId));

        HttpResponse<String> own = approve(manager, taskId, sign(manager.passkey(), challenge));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(own.body()).contains("own approval never counts");
        HttpResponse<String> ownSecond = approve(manager, taskId, sign(second, challenge));
        assertThat(ownSecond.statusCode()).as(ownSecond.body()).isEqualTo(403);
        // Another person posting the requester's second passkey's signature: not their passkey.
        HttpResponse<String> borrowed = approve(other, taskId, sign(second, challenge));
        assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(400);
        assertThat(taskState(taskId)).isEqualTo("AWAITING_APPROVAL");
        assertThat(runs(taskId)).allSatisfy(r -> assertThat(r.get("order_payload")).isNull());

        // The signer counts people, not passkeys: two passkeys of one person are one person.
        var spec = TenantContext.callAsSystem(() -> service.rebuild(repository.find(io.steward.server.shared.TenantScope.all(),
                UUID.fromString(taskId)).orElseThrow().task()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer.signTask(spec, List.of(sign(manager.passkey(), challenge), sign(second, challenge))))
                .isInstanceOf(io.steward.server.automation.internal.signer.SignerGateway.Refused.class);

        // Another person's own passkey does count.
        HttpResponse<String> ok = approve(other, taskId, sign(other.passkey(), challenge));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @org.springframework.beans.factory.annotation.Autowired
    TaskService service;
    @org.springframework.beans.factory.annotation.Autowired
    io.steward.server.automation.internal.tasks.TaskRepository repository;
}
