package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.steward.server.automation.TaskRunFinished;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static io.steward.server.patching.PatchIntakeTest.json;
import static io.steward.server.patching.PatchIntakeTest.scan;
import static io.steward.server.patching.PatchIntakeTest.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installing through automation: the built-in installer script (made once, not editable by people), approved updates
 * as task drafts grouped by package list, the task form filled from a plan, and install results read from the
 * installer's runs only, into the device's patch history.
 */
class PatchInstallTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    @Test
    void theInstallerIsBuiltInAndPeopleCannotMakeOrChangeOne() {
        Http api = adminApi();
        JsonNode installer = json(api.getJson("/api/v1/patches/installer"));
        assertThat(installer.path("interpreter").asString()).isEqualTo("patch");
        assertThat(json(api.getJson("/api/v1/patches/installer")).path("scriptVersionId").asString())
                .as("made once").isEqualTo(installer.path("scriptVersionId").asString());
        String scriptId = installer.path("scriptId").asString();
        HttpResponse<String> edit = api.json("PUT", "/api/v1/scripts/" + scriptId, "{\"name\":\"mine now\",\"operatingSystems\":[\"linux\"],"
                + "\"body\":\"rm -rf /\\n\"}");
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(403);
        HttpResponse<String> made = api.json("POST", "/api/v1/scripts", "{\"name\":\"fake installer " + UUID.randomUUID()
                + "\",\"interpreter\":\"patch\",\"operatingSystems\":[\"linux\"],\"body\":\"steward-patch-install-v1\\n\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(400);
        assertThat(made.body()).contains("interpreter");
    }

    @Test
    void approvedUpdatesBecomeDraftsGroupedByPackageListAndResultsComeBackFromTheInstallersRunsOnly() {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch install");
        TestAgent a = OwnData.approvedDevice(api, port, client, "inst-a-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, client, "inst-b-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent c = OwnData.approvedDevice(api, port, client, "inst-c-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(scan(a, false, update("openssl", "3.0.1", "3.0.3", "yes"), update("vim", "9.0", "9.1", "no")).statusCode()).isEqualTo(200);
        assertThat(scan(b, false, update("openssl", "3.0.1", "3.0.3", "yes")).statusCode()).isEqualTo(200);
        assertThat(scan(c, false, update("zsh", "5.8", "5.9", "no")).statusCode()).isEqualTo(200);
        HttpResponse<String> decided = api.json("POST", "/api/v1/patches/decisions", "{\"clientId\":\"" + client
                + "\",\"decision\":\"APPROVED\",\"packages\":[{\"name\":\"openssl\",\"version\":\"3.0.3\"},{\"name\":\"vim\",\"version\":\"9.1\"}]}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);

        JsonNode plans = json(api.getJson("/api/v1/patches/clients/" + client + "/install-plans"));
        assertThat(plans).hasSize(2);
        assertThat(plans.get(0).path("packages").asString()).isEqualTo("openssl=3.0.3");
        assertThat(plans.get(0).path("deviceIds").valueStream().map(JsonNode::asString).toList()).containsExactly(b.deviceId);
        assertThat(plans.get(1).path("packages").asString()).isEqualTo("openssl=3.0.3 vim=9.1");
        assertThat(plans.get(1).path("deviceIds").valueStream().map(JsonNode::asString).toList()).containsExactly(a.deviceId);
        JsonNode security = json(api.getJson("/api/v1/patches/clients/" + client + "/install-plans?scope=security"));
        assertThat(security).hasSize(1);
        assertThat(security.get(0).path("deviceIds")).hasSize(2);

        // The task form opens filled in from the plan: the technician reviews and signs it there.
        String form = admin().page(plans.get(1).path("draftLink").asString());
        assertThat(form).contains("Patch install (built-in)", "openssl=3.0.3 vim=9.1", "value=\"security\"");

        String versionId = json(api.getJson("/api/v1/patches/installer")).path("scriptVersionId").asString();
        UUID installTask = task(client, UUID.fromString(versionId));
        finished(installTask, client, a, "steward-patch: openssl=3.0.3 installed\nsome apt noise\nsteward-patch: vim=9.1 failed dpkg error 1\n");
        UUID otherTask = task(client, otherVersion());
        finished(otherTask, client, b, "steward-patch: openssl=3.0.3 installed\n");

        JsonNode historyA = json(api.getJson("/api/v1/patches/devices/" + a.deviceId)).path("history");
        assertThat(historyA.valueStream().map(h -> h.path("event").asString() + " " + h.path("name").asString() + " " + h.path("toVersion").asString())
                .toList()).contains("INSTALLED openssl 3.0.3", "FAILED vim 9.1");
        JsonNode historyB = json(api.getJson("/api/v1/patches/devices/" + b.deviceId)).path("history");
        assertThat(historyB.valueStream().map(h -> h.path("event").asString()).toList()).as("another script's lines are not results")
                .doesNotContain("INSTALLED");
        OwnSeed.deleteClients(api, client);
    }

    private void finished(UUID task, String client, TestAgent device, String output) {
        events.publishEvent(new TaskRunFinished(task, new ClientId(UUID.fromString(client)), new DeviceId(UUID.fromString(device.deviceId)),
                "SUCCEEDED", 0, 1000L, null, output, null, Instant.now()));
    }

    private UUID otherVersion() {
        UUID scriptId = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (?, ?, 'bash', ?)").params(scriptId, "printer " + scriptId,
                    Timestamp.from(Instant.now())).update();
            jdbc.sql("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) "
                    + "VALUES (?, ?, 1, ?, ?, 60, 65536, ?)").params(version, scriptId,
                    io.steward.protocol.task.CanonicalText.sha256Hex("echo\n".getBytes(StandardCharsets.UTF_8)), "echo\n", Timestamp.from(Instant.now())).update();
        });
        return version;
    }

    private UUID task(String client, UUID version) {
        UUID task = UUID.randomUUID();
        Instant now = Instant.now();
        TenantContext.runAsSystem(() -> {
            UUID requester = jdbc.sql("SELECT id FROM app_user ORDER BY created_at LIMIT 1").query(UUID.class).single();
            jdbc.sql("""
                            INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent,
                                              stop_after_failures, state, spec, digest, requested_by, created_at)
                            VALUES (?, ?, ?, 'DEVICES', 'now', ?, ?, 10, 0, 'APPROVED', ?, ?, ?, ?)""")
                    .params(task, UUID.fromString(client), version, Timestamp.from(now.minusSeconds(60)), Timestamp.from(now.plus(Duration.ofHours(1))),
                            "spec".getBytes(StandardCharsets.UTF_8), new byte[32], requester, Timestamp.from(now)).update();
        });
        return task;
    }
}
