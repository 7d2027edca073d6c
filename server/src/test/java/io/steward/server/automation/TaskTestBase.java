package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import io.steward.server.support.TotpCodes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the task tests share: their own client, devices, staff with two-factor authentication and software passkeys,
 * scripts written into the library's tables, and passkey assertions over a task's challenge.
 *
* <p>Passkeys are registered through identity's API and trusted through the signer's host command line.
 */
abstract class TaskTestBase extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasskeyDirectory passkeys;
    @Autowired
    SignerGateway signer;
    @Autowired
    SignerHost signerHost;

    /** A staff member signed in with two-factor authentication on, and one passkey. */
    record Person(UUID id, String email, String name, Http http, SoftwarePasskey passkey, boolean approver) {
    }

    String origin() {
        return "http://localhost:" + port;
    }

    /** A new staff user (role, and for a technician the clients they serve: none = all), signed in with MFA on and a passkey. */
    Person staff(String role, List<String> scope) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@tasks.test";
        // A name in words: pages list staff by name, and codes in pages are a defect (HumanWordsInPagesTest).
        String name = switch (role) {
            case "TECHNICIAN" -> "Tasks Technician";
            case "SERVICE_MANAGER" -> "Tasks Manager";
            default -> "Tasks Admin";
        };
        String scopeJson = scope.isEmpty() ? "[]" : "[\"" + String.join("\",\"", scope) + "\"]";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"" + name
                + "\",\"role\":\"" + role + "\"" + ("TECHNICIAN".equals(role) ? ",\"supportTier\":2" : "") + ",\"clientScope\":" + scopeJson + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        UUID id = UUID.fromString(body.get("user").get("id").asString());
        Http h = firstSignIn(email, body.get("oneTimePassword").asString());
        String secret = match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        HttpResponse<String> enabled = h.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret)));
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        h.page("/account");
        return new Person(id, email, name, h, io.steward.server.support.TestPasskeys.register(h, port, "Own key"), !"TECHNICIAN".equals(role));
    }

    /** The person registers one more passkey on their account. */
    SoftwarePasskey registerPasskey(Person p) {
        return io.steward.server.support.TestPasskeys.register(p.http(), port, "Another key");
    }

    /** The signer's host trusts this person's passkey. */
    void signerTrusts(Person p, SoftwarePasskey key) {
        io.steward.server.support.TestPasskeys.trust(signerHost, p.id(), p.name(), key, p.approver());
    }

    PasskeyAssertion sign(SoftwarePasskey key, byte[] challenge) {
        return io.steward.server.support.TestPasskeys.sign(key, challenge, signingOrigin());
    }

    String assertionJson(PasskeyAssertion a) {
        return JSON.writeValueAsString(a);
    }

    /** A client of this test with {@code n} approved devices; returns the client id and the device ids. */
    record Fleet(String clientId, List<TestAgent> agents) {
        List<String> deviceIds() {
            return agents.stream().map(a -> a.deviceId).toList();
        }
    }

    Fleet fleet(int n) {
        String client = OwnData.client(adminApi(), "Tasks");
        List<TestAgent> agents = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            agents.add(OwnData.approvedDevice(adminApi(), port, client, "task-host-" + i + "-" + UUID.randomUUID().toString().substring(0, 8)));
        }
        return new Fleet(client, agents);
    }

    /** A script with one version in the library's tables (LIBRARY's pages make them; the tests write them). */
    UUID scriptVersion(String body, String parametersJson) {
        UUID script = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (?, ?, 'bash', now())")
                    .params(script, "task test " + script).update();
            jdbc.sql("""
                    INSERT INTO script_version (id, script_id, number, sha256, body, parameters, timeout_seconds, output_limit_bytes, created_at)
                    VALUES (?, ?, 1, ?, ?, CAST(? AS jsonb), 60, 65536, now())""")
                    .params(version, script, CanonicalText.sha256Hex(body.getBytes(StandardCharsets.UTF_8)), body, parametersJson).update();
        });
        return version;
    }

    /** A second version of the script of {@code version}. */
    UUID nextVersion(UUID version, String body) {
        UUID next = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO script_version (id, script_id, number, sha256, body, parameters, timeout_seconds, output_limit_bytes, created_at)
                SELECT ?, script_id, number + 1, ?, ?, parameters, timeout_seconds, output_limit_bytes, now() FROM script_version WHERE id = ?""")
                .params(next, CanonicalText.sha256Hex(body.getBytes(StandardCharsets.UTF_8)), body, version).update());
        return next;
    }

    static final String PARAMS = """
            [{"name":"SERVICE","label":"Service","type":"STRING","delivery":"ARGUMENT","required":true,"pattern":"[a-z-]{1,30}"},
             {"name":"TOKEN","label":"Token","type":"SECRET","delivery":"SECRET","required":false}]""";

    String draftJson(String clientId, UUID version, Map<String, String> params, List<String> devices, String extra) {
        return "{\"clientId\":\"" + clientId + "\",\"scriptVersionId\":\"" + version + "\",\"parameters\":" + JSON.writeValueAsString(params)
                + ",\"targetKind\":\"DEVICES\",\"deviceIds\":" + JSON.writeValueAsString(devices) + extra + "}";
    }

    /** Previews the draft as {@code who}: the statement and its challenge. */
    JsonNode preview(Person who, String draft) {
        HttpResponse<String> r = who.http().json("POST", "/api/v1/tasks/preview", draft);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Previews, signs with the requester's passkey and requests; returns the stored task. */
    JsonNode request(Person who, String draft) {
        JsonNode proposal = preview(who, draft);
        HttpResponse<String> r = postRequest(who, draft, proposal, sign(who.passkey(), challenge(proposal)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> postRequest(Person who, String draft, JsonNode proposal, PasskeyAssertion a) {
        return who.http().json("POST", "/api/v1/tasks", "{\"draft\":" + draft + ",\"taskId\":\"" + proposal.get("taskId").asString()
                + "\",\"preparedAt\":\"" + proposal.get("preparedAt").asString() + "\",\"assertion\":" + assertionJson(a) + "}");
    }

    static byte[] challenge(JsonNode proposalOrEntry) {
        return java.util.Base64.getUrlDecoder().decode(proposalOrEntry.get("challenge").asString());
    }

    /** The approver's view of a task: what they sign. */
    JsonNode approval(Person who, String taskId) {
        HttpResponse<String> r = who.http().getJson("/api/v1/tasks/" + taskId + "/approval");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> approve(Person who, String taskId, PasskeyAssertion a) {
        return who.http().json("POST", "/api/v1/tasks/" + taskId + "/approval", "{\"decision\":\"APPROVE\",\"assertion\":" + assertionJson(a) + "}");
    }

    /** The runs of a task as stored: device, state, whether it carries an order. */
    List<Map<String, Object>> runs(String taskId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT device_id, state, order_payload, order_signature FROM task_run WHERE task_id = ?")
                .param(UUID.fromString(taskId)).query().listOfRows());
    }

    String taskState(String taskId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT state FROM task WHERE id = ?").param(UUID.fromString(taskId)).query(String.class).single());
    }

    long auditEntries(String action, String taskId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM audit_log WHERE action = ? AND target_id = ?")
                .params(action, taskId).query(Long.class).single());
    }

    static Instant soon(int hours) {
        return Instant.now().plusSeconds(hours * 3600L);
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
