package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.support.SigningPageFlow;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standard changes through HTTP: requested with the requester's passkey over the statement's digest, approved by
 * another person's passkey, then held by the signer; the requester's own approval never counts (with any of their
 * passkeys); a signer's refusal leaves the change waiting with its reason; a row inserted straight into the database
 * as ACTIVE is not held by the signer; revocation. Every test makes its own client and script.
 */
class StandardChangeTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    String client;
    String versionId;
    String scriptId;

    @BeforeEach
    void scriptAndClient() {
        client = OwnData.client(adminApi(), "Standard");
        Map<String, Object> s = ScriptLibraryTest.script("Clean temp " + UUID.randomUUID(), "#!/bin/bash\nfind /tmp -mtime +\"$DAYS\" -delete\n",
                List.of(ScriptLibraryTest.param("MODE", "CHOICE", "choices", List.of("quick", "full"), "required", true),
                        ScriptLibraryTest.param("DAYS", "INTEGER", "delivery", "ENVIRONMENT", "min", 1, "max", 30, "defaultValue", "7")));
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/scripts", JSON.writeValueAsString(s));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        scriptId = JSON.readTree(r.body()).get("id").asString();
        versionId = JSON.readTree(r.body()).get("latest").get("id").asString();
    }

    UserId user(String email) {
        return new UserId(TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM app_user WHERE email = ?").param(email).query(UUID.class).single()));
    }

    Map<String, Object> request(String id, PasskeyAssertion assertion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scriptVersionId", versionId);
        m.put("id", id);
        m.put("scopeClientId", client);
        m.put("notAfter", Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
        m.put("allowed", Map.of("MODE", List.of("quick"), "DAYS", List.of("7", "+14")));
        m.put("assertion", assertion);
        return m;
    }

    /** Prepares and requests a change as {@code who} signing with {@code key}; returns the stored change. */
    JsonNode requested(Http who, SoftwarePasskey key) {
        Map<String, Object> draft = request(null, null);
        HttpResponse<String> prepared = who.json("POST", "/api/v1/standard-changes/prepare", JSON.writeValueAsString(draft));
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(prepared.body());
        draft.put("id", p.get("id").asString());
        draft.put("assertion", TestPasskeys.sign(key, p.get("challenge").asString(), signingOrigin()));
        HttpResponse<String> r = who.json("POST", "/api/v1/standard-changes", JSON.writeValueAsString(draft));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.get("challenge").asString()).isEqualTo(p.get("challenge").asString());
        return c;
    }

    HttpResponse<String> approve(Http who, String id, PasskeyAssertion assertion) {
        return who.json("POST", "/api/v1/standard-changes/" + id + "/approve", JSON.writeValueAsString(Map.of("assertion", assertion)));
    }

    @Test
    void anotherPersonsApprovalMakesItActiveAndTheSignerHoldsIt() {
        Http manager = signedIn(DemoLogins.MANAGER);
        Http admin = signedIn(DemoLogins.ADMIN);
        SoftwarePasskey managerKey = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), true, port);
        SoftwarePasskey adminKey = TestPasskeys.enrol(context, admin, user(DemoLogins.ADMIN), true, port);

        JsonNode c = requested(manager, managerKey);
        String id = c.get("id").asString();
        assertThat(c.get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(c.get("heldBySigner").asBoolean()).isFalse();
        assertThat(c.get("allowed").toString()).contains("\"quick\"", "\"14\"").doesNotContain("+14");

        HttpResponse<String> approved = approve(admin, id, TestPasskeys.sign(adminKey, c.get("challenge").asString(), signingOrigin()));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(approved.body());
        assertThat(a.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(a.get("heldBySigner").asBoolean()).isTrue();
        assertThat(a.get("approvedByName").asString()).isEqualTo("Morgan Admin");

        // Approved once is approved: a second approval is refused, and it is listed with its state and scope.
        assertThat(approve(admin, id, TestPasskeys.sign(adminKey, c.get("challenge").asString(), signingOrigin())).statusCode()).isEqualTo(409);
        JsonNode list = JSON.readTree(signedIn(DemoLogins.TIER1).getJson("/api/v1/standard-changes?scriptVersionId=" + versionId).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("scopeClientId").asString()).isEqualTo(client);
        assertThat(signedIn(DemoLogins.TIER1).page("/automation/standard-changes")).contains("sc-" + id);

        // Revoked on the server (the signer's own revocation is its command).
        HttpResponse<String> revoked = manager.json("POST", "/api/v1/standard-changes/" + id + "/revoke", "{\"reason\":\"replaced\"}");
        assertThat(JSON.readTree(revoked.body()).get("state").asString()).isEqualTo("REVOKED");
        assertThat(JSON.readTree(revoked.body()).get("reason").asString()).isEqualTo("replaced");
    }

    @Test
    void theRequestersOwnApprovalNeverCountsWhicheverPasskeySignsIt() {
        Http manager = signedIn(DemoLogins.MANAGER);
        SoftwarePasskey first = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), true, port);
        SoftwarePasskey second = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), true, port);
        JsonNode c = requested(manager, first);
        String id = c.get("id").asString();
        String challenge = c.get("challenge").asString();
        for (SoftwarePasskey key : List.of(first, second)) {
            HttpResponse<String> r = approve(manager, id, TestPasskeys.sign(key, challenge, signingOrigin()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(JSON.readTree(manager.getJson("/api/v1/standard-changes/" + id).body()).get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        // Each refused attempt is in the audit log, beside the request.
        String audit = adminApi().getJson("/api/v1/audit?q=" + id + "&size=50").body();
        assertThat(audit).contains("standard_change.requested", "standard_change.self_approval_refused");
        // A technician may not approve at all; the admin may not sign with the manager's passkey.
        assertThat(approve(signedIn(DemoLogins.TIER1), id, TestPasskeys.sign(first, challenge, signingOrigin())).statusCode()).isEqualTo(403);
        HttpResponse<String> borrowed = approve(signedIn(DemoLogins.ADMIN), id, TestPasskeys.sign(second, challenge, signingOrigin()));
        assertThat(borrowed.statusCode()).isEqualTo(400);
        assertThat(borrowed.body()).contains("\"field\":\"assertion\"");
        assertThat(JSON.readTree(manager.getJson("/api/v1/standard-changes/" + id).body()).get("state").asString()).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void aSignatureOverAnythingElseIsRefused() {
        Http manager = signedIn(DemoLogins.MANAGER);
        SoftwarePasskey key = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), true, port);
        Map<String, Object> draft = request(null, null);
        JsonNode p = JSON.readTree(manager.json("POST", "/api/v1/standard-changes/prepare", JSON.writeValueAsString(draft)).body());
        draft.put("id", p.get("id").asString());
        // Signed, then the allowed values widened: the digest changed, so the signature no longer fits.
        draft.put("assertion", TestPasskeys.sign(key, p.get("challenge").asString(), signingOrigin()));
        draft.put("allowed", Map.of("MODE", List.of("quick", "full"), "DAYS", List.of("7", "14")));
        HttpResponse<String> r = manager.json("POST", "/api/v1/standard-changes", JSON.writeValueAsString(draft));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"assertion\"");
        // Values the version does not allow, an unknown parameter and a missing expiry are refused field by field.
        Map<String, Object> bad = request(null, null);
        bad.put("allowed", Map.of("MODE", List.of("rm -rf"), "DAYS", List.of("99"), "EXTRA", List.of("x")));
        bad.put("notAfter", null);
        HttpResponse<String> faults = manager.json("POST", "/api/v1/standard-changes/prepare", JSON.writeValueAsString(bad));
        assertThat(faults.statusCode()).isEqualTo(400);
        assertThat(faults.body()).contains("\"field\":\"allowed.MODE\"", "\"field\":\"allowed.DAYS\"", "\"field\":\"allowed.EXTRA\"",
                "\"field\":\"notAfter\"");
    }

    @Test
    void whenTheSignerRefusesTheChangeKeepsWaitingWithItsReason() {
        Http admin = signedIn(DemoLogins.ADMIN);
        Http manager = signedIn(DemoLogins.MANAGER);
        SoftwarePasskey adminKey = TestPasskeys.enrol(context, admin, user(DemoLogins.ADMIN), true, port);
        // The manager's passkey is known to the server but not in the signer's keyring.
        SoftwarePasskey untrusted = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), false, port);
        JsonNode c = requested(admin, adminKey);
        String id = c.get("id").asString();
        HttpResponse<String> r = approve(manager, id, TestPasskeys.sign(untrusted, c.get("challenge").asString(), signingOrigin()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode after = JSON.readTree(r.body());
        assertThat(after.get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(after.get("reason").asString()).startsWith("The signer refused");
        assertThat(after.get("heldBySigner").asBoolean()).isFalse();
        assertThat(after.hasNonNull("approvedBy")).isFalse();
        assertThat(manager.page("/automation/standard-changes/" + id)).contains("id=\"reason\"", "The signer refused");
    }

    @Test
    void aRowInsertedStraightIntoTheDatabaseAsActiveIsNotHeldByTheSigner() {
        UUID id = UUID.randomUUID();
        UserId requester = user(DemoLogins.MANAGER);
        JsonNode v = JSON.readTree(adminApi().getJson("/api/v1/scripts/" + scriptId + "/versions/" + versionId).body()).get("version");
        StandardChangeSpec spec = new StandardChangeSpec(id, requester.value(), v.get("scriptName").asString(), v.get("sha256").asString(), "bash",
                "", 60, 4096, List.of(new StandardChangeSpec.Allowed("MODE", io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, List.of("full"))),
                null, Instant.now().plus(30, ChronoUnit.DAYS));
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO standard_change (id, script_version_id, scope_client_id, allowed, max_timeout_seconds, not_after, state, spec, digest,
                                             requested_by, approved_by, created_at, decided_at)
                VALUES (?, ?, NULL, '[]', 60, ?, 'ACTIVE', ?, ?, ?, ?, now(), now())""")
                .params(id, UUID.fromString(versionId), java.sql.Timestamp.from(spec.notAfter()), spec.canonical(), spec.digest(), requester.value(),
                        user(DemoLogins.ADMIN).value()).update());
        JsonNode c = JSON.readTree(adminApi().getJson("/api/v1/standard-changes/" + id).body());
        assertThat(c.get("state").asString()).isEqualTo("ACTIVE");
        // What lets runs be signed is the signer's own copy, made only from two verified assertions: this row has none.
        assertThat(c.get("heldBySigner").asBoolean()).isFalse();
        assertThat(signedIn(DemoLogins.TIER1).page("/automation/standard-changes/" + id)).contains("id=\"held\">no<");
    }

    @Test
    void thePagesExplainTheExceptionAndSignWithThePasskey() {
        Http manager = signedIn(DemoLogins.MANAGER);
        SoftwarePasskey key = TestPasskeys.enrol(context, manager, user(DemoLogins.MANAGER), true, port);
        String base = "/automation/scripts/" + scriptId + "/versions/" + versionId + "/standard-change";
        String form = manager.page(base);
        assertThat(form).contains("id=\"standard-change-meaning\"", "A compromised server could run", "only this script version",
                "with these values", "inside this scope", "within the signer's limits");
        String notAfter = Text.match(form, "name=\"notAfter\"[^>]*value=\"([^\"]+)\"");
        Map<String, String> fields = new LinkedHashMap<>(Map.of("scopeClientId", client, "notAfter", notAfter, "maxTimeoutSeconds", "60",
                "allowed.MODE", "quick\nfull", "allowed.DAYS", "7"));
        HttpResponse<String> prepared = manager.postForm(base + "/prepare", fields);
        assertThat(prepared.statusCode()).isEqualTo(200);
        String id = Text.match(prepared.body(), "name=\"id\" value=\"([^\"]+)\"");
        assertThat(prepared.body()).contains("/js/passkeys.js");

        SigningPageFlow.Signed signing = SigningPageFlow.sign("http://localhost:" + port, prepared.body(), "id=\"standard-change-sign\"", key, Map.of());
        assertThat(signing.signingPage()).contains("Sign a standard change", "as a standard change for one client",
                "<td data-field=\"scope\">" + client + "</td>", "id=\"script\"");
        String challenge = Text.match(signing.signingPage(), "data-challenge=\"([^\"]+)\"");
        assertThat(signing.path()).isEqualTo(base);
        fields = new LinkedHashMap<>(signing.fields());
        HttpResponse<String> requested = manager.postForm(base, fields);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(302);
        assertThat(requested.headers().firstValue("Location").orElseThrow()).endsWith("/automation/standard-changes/" + id);
        String own = manager.page("/automation/standard-changes/" + id);
        assertThat(own).contains("id=\"own-request\"").doesNotContain("id=\"approve-standard-change\"");
        String others = signedIn(DemoLogins.ADMIN).page("/automation/standard-changes/" + id);
        assertThat(others).contains("id=\"approve-standard-change\"");
        // The approval form hands over the very statement the requester signed: the signing page asks for the same challenge.
        Http admin = signedIn(DemoLogins.ADMIN);
        SoftwarePasskey adminKey = TestPasskeys.enrol(context, admin, user(DemoLogins.ADMIN), true, port);
        SigningPageFlow.Signed approval = SigningPageFlow.sign("http://localhost:" + port, admin.page("/automation/standard-changes/" + id),
                "id=\"approve-standard-change\"", adminKey, Map.of());
        assertThat(Text.match(approval.signingPage(), "data-challenge=\"([^\"]+)\"")).isEqualTo(challenge);
        HttpResponse<String> approved = admin.postForm(approval.path(), approval.fields());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        assertThat(JSON.readTree(admin.getJson("/api/v1/standard-changes/" + id).body()).get("state").asString()).isEqualTo("ACTIVE");
        assertThat(signedIn(DemoLogins.TIER1).page("/automation/standard-changes/" + id)).doesNotContain("id=\"approve-standard-change\"",
                "id=\"revoke-standard-change\"");
    }
}
