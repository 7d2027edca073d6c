package io.steward.server.compliance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.steward.server.shared.ClientId;
import io.steward.server.support.Await;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compliance coverage through the real server: facts from a test evidence source (standing in for backup and security)
 * and from the existing modules (audit chain, staff MFA, report delivery), not-applicable decisions, findings, manual
 * evidence, tenant isolation, the audit pack and the OSCAL export against NIST's official schema.
 */
class ComplianceCoverageTest extends IntegrationTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String NIST = "nist-sp-800-53-r5";

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static Map<String, JsonNode> controls(JsonNode coverage) {
        Map<String, JsonNode> out = new HashMap<>();
        coverage.get("coverage").get("controls").forEach(c -> out.put(c.get("control").get("id").asString(), c));
        return out;
    }

    private static String status(JsonNode coverage, String control) {
        return controls(coverage).get(control).get("status").asString();
    }

    private static Evidence fact(String fact, boolean passed, Duration observedAgo, Duration expiresIn) {
        Instant now = Instant.now();
        return new Evidence(fact, passed, now.minus(observedAgo), now.plus(expiresIn), fact + (passed ? " holds" : " fails"), "test");
    }

    private String ownClientWithFacts() {
        String client = OwnData.client(admin(), "Compliance");
        TestEvidenceSource.set(new ClientId(UUID.fromString(client)), List.of(
                fact(Facts.BACKUP_RPO_MET, true, Duration.ofHours(1), Duration.ofDays(1)),
                fact(Facts.BACKUP_RESTORE_TESTED, false, Duration.ofDays(3), Duration.ofDays(-1)),
                fact("security.firewall", false, Duration.ofMinutes(10), Duration.ofHours(2)),
                fact("security.failed-logons", false, Duration.ofMinutes(10), Duration.ofHours(2))));
        return client;
    }

    @Test
    void freshStaleAndMissingEvidenceAndRealFactsDecideTheCoverage() {
        String client = ownClientWithFacts();
        Http manager = signedIn(DemoLogins.MANAGER);
        JsonNode cc = json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200);
        // Fresh passing evidence counts; a stale failure beside it does not.
        assertThat(status(cc, "cp-9")).isEqualTo("PASSING");
        assertThat(status(cc, "cp-10")).isEqualTo("PASSING");
        assertThat(controls(cc).get("cp-10").get("stale")).hasSize(1);
        // Only stale evidence: not evaluated, never passing.
        assertThat(status(cc, "cp-4")).isEqualTo("NOT_EVALUATED");
        assertThat(status(cc, "sc-7")).isEqualTo("FAILING");
        assertThat(status(cc, "ac-7")).isEqualTo("FAILING");
        // No check for it at all.
        assertThat(status(cc, "sc-8")).isEqualTo("NOT_EVALUATED");
        assertThat(cc.get("facts").has("sc-8")).isFalse();
        // Real facts of the existing modules: the audit chain verifies; staff MFA is established one way or the other.
        assertThat(status(cc, "au-9")).isEqualTo("PASSING");
        assertThat(controls(cc).get("au-9").get("fresh").get(0).get("fact").asString()).isEqualTo(Facts.AUDIT_LOG_INTACT);
        assertThat(status(cc, "ia-2")).isIn("PASSING", "FAILING");
        assertThat(controls(cc).get("ia-2").get("fresh").get(0).get("fact").asString()).isEqualTo(Facts.STAFF_MFA);
        // A client that did not exist for the whole last month has no report fact: not evaluated.
        assertThat(status(cc, "ca-7")).isEqualTo("NOT_EVALUATED");
        JsonNode r = cc.get("coverage");
        int passing = r.get("passing").asInt();
        int denominator = passing + r.get("failing").asInt() + r.get("notEvaluated").asInt();
        assertThat(r.get("percent").asInt()).isEqualTo(100 * passing / denominator);
        assertThat(r.get("notApplicable").asInt()).isZero();

        // Not applicable: left out of the denominator, with its reason; technicians may not decide it.
        Http tech = signedIn(DemoLogins.TIER1);
        String na = "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST + "/controls/sc-28/not-applicable";
        assertThat(tech.json("PUT", na, "{\"reason\":\"no data at rest\"}").statusCode()).isEqualTo(403);
        assertThat(manager.json("PUT", na, "{\"reason\":\"  \"}").statusCode()).isEqualTo(400);
        json(manager.json("PUT", na, "{\"reason\":\"Thin clients only: no data at rest\"}"), 200);
        JsonNode after = json(tech.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200);
        assertThat(status(after, "sc-28")).isEqualTo("NOT_APPLICABLE");
        assertThat(controls(after).get("sc-28").get("notApplicableReason").asString()).isEqualTo("Thin clients only: no data at rest");
        JsonNode ar = after.get("coverage");
        assertThat(ar.get("notApplicable").asInt()).isEqualTo(1);
        assertThat(ar.get("passing").asInt() + ar.get("failing").asInt() + ar.get("notEvaluated").asInt()).isEqualTo(denominator - 1);
        JsonNode audit = json(adminApi().getJson("/api/v1/audit?action=compliance.not_applicable&size=200"), 200);
        assertThat(audit.toString()).contains(NIST + "/sc-28");
        assertThat(manager.json("DELETE", na, null).statusCode()).isEqualTo(204);
        assertThat(status(json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200), "sc-28")).isEqualTo("NOT_EVALUATED");

        // The same through the page's form; a technician's attempt is refused there too.
        HttpResponse<String> techForm = tech.postForm("/compliance/clients/" + client + "/not-applicable",
                Map.of("framework", NIST, "control", "sc-28", "reason", "tech says so"));
        assertThat(techForm.statusCode()).isEqualTo(302);
        assertThat(status(json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200), "sc-28")).isEqualTo("NOT_EVALUATED");
        HttpResponse<String> form = manager.postForm("/compliance/clients/" + client + "/not-applicable",
                Map.of("framework", NIST, "control", "sc-28", "reason", "Thin clients only"));
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(status(json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200), "sc-28")).isEqualTo("NOT_APPLICABLE");
        assertThat(tech.page("/compliance/clients/" + client + "?framework=" + NIST)).contains("Thin clients only").doesNotContain("add-evidence");

        JsonNode summary = json(tech.getJson("/api/v1/compliance/clients/" + client + "/coverage"), 200);
        assertThat(summary.findValuesAsString("framework")).contains(NIST, "nist-csf-2.0", "hipaa-security-technical");
        String page = manager.page("/compliance/clients/" + client + "?framework=" + NIST);
        assertThat(page).contains("coverage-percent", "SC-7", "Boundary Protection", "No check covers this control");
    }

    @Test
    void findingsOpenAreAssignedAndCloseWhenTheControlPassesOrByAPerson() {
        String client = ownClientWithFacts();
        Http manager = signedIn(DemoLogins.MANAGER);
        Http tech = signedIn(DemoLogins.TIER1);
        String reconcile = "/api/v1/compliance/clients/" + client + "/findings/reconcile";
        assertThat(tech.json("POST", reconcile, null).statusCode()).isEqualTo(403);
        assertThat(json(manager.json("POST", reconcile, null), 200).get("opened").asInt()).isGreaterThanOrEqualTo(2);
        // Twice changes nothing: one open finding per control.
        assertThat(json(manager.json("POST", reconcile, null), 200).get("opened").asInt()).isZero();
        JsonNode open = json(tech.getJson("/api/v1/compliance/clients/" + client + "/findings?framework=" + NIST + "&open=true"), 200);
        Map<String, JsonNode> byControl = new HashMap<>();
        open.forEach(f -> byControl.put(f.get("controlId").asString(), f));
        assertThat(byControl.keySet()).contains("sc-7", "ac-7", "si-4").doesNotContain("cp-9", "cp-4", "cp-10", "au-9", "sc-8");
        JsonNode sc7 = byControl.get("sc-7");
        assertThat(sc7.path("ownerId").isMissingNode() || sc7.path("ownerId").isNull()).isTrue();
        LocalDate berlinToday = LocalDate.now(ZoneId.of("Europe/Berlin"));
        assertThat(LocalDate.parse(sc7.get("dueOn").asString())).isBetween(berlinToday.plusDays(29), berlinToday.plusDays(31));
        assertThat(sc7.get("summary").asString()).contains("security.firewall fails");

        String managerId = json(adminApi().getJson("/api/v1/users?q=" + DemoLogins.MANAGER), 200).get("items").get(0).get("id").asString();
        String portalId = json(adminApi().getJson("/api/v1/users?q=" + DemoLogins.PORTAL_NORTHWIND), 200).get("items").get(0).get("id").asString();
        String path = "/api/v1/compliance/findings/" + sc7.get("id").asString();
        HttpResponse<String> got = manager.getJson(path);
        String etag = got.headers().firstValue("ETag").orElseThrow();
        assertThat(manager.json("PUT", path, "{\"ownerId\":\"" + portalId + "\"}", Map.of("If-Match", etag)).statusCode()).isEqualTo(400);
        assertThat(tech.json("PUT", path, "{\"ownerId\":\"" + managerId + "\"}", Map.of("If-Match", etag)).statusCode()).isEqualTo(403);
        LocalDate due = berlinToday.plusDays(7);
        JsonNode assigned = json(manager.json("PUT", path, "{\"ownerId\":\"" + managerId + "\",\"dueOn\":\"" + due + "\"}", Map.of("If-Match", etag)), 200);
        assertThat(assigned.get("ownerId").asString()).isEqualTo(managerId);
        assertThat(assigned.get("ownerName").asString()).isNotBlank();
        assertThat(assigned.get("dueOn").asString()).isEqualTo(due.toString());
        assertThat(manager.json("PUT", path, "{\"dueOn\":\"" + due + "\"}", Map.of("If-Match", etag)).statusCode()).isEqualTo(412);

        // A finding a person recorded on a passing control stays open until a person closes it; one per control.
        String recorded = json(manager.json("POST", "/api/v1/compliance/clients/" + client + "/findings", "{\"framework\":\"" + NIST
                + "\",\"controlId\":\"au-9\",\"summary\":\"Log retention shorter than the contract says\"}"), 201).get("id").asString();
        assertThat(manager.json("POST", "/api/v1/compliance/clients/" + client + "/findings", "{\"framework\":\"" + NIST
                + "\",\"controlId\":\"au-9\",\"summary\":\"again\"}").statusCode()).isEqualTo(409);

        // The firewall passes again: Steward closes the finding; the failed logons still fail.
        TestEvidenceSource.set(new ClientId(UUID.fromString(client)), List.of(
                fact("security.firewall", true, Duration.ofMinutes(1), Duration.ofHours(2)),
                fact("security.failed-logons", false, Duration.ofMinutes(10), Duration.ofHours(2))));
        assertThat(json(manager.json("POST", reconcile, null), 200).get("closed").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode closed = json(manager.getJson(path), 200);
        assertThat(closed.get("state").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("closedBy").asString()).isEqualTo("Steward");
        assertThat(closed.get("closeNote").asString()).contains("passes again");

        assertThat(json(manager.getJson("/api/v1/compliance/findings/" + recorded), 200).get("state").asString()).isEqualTo("OPEN");
        // A person closes the other with a note.
        String ac7 = "/api/v1/compliance/findings/" + byControl.get("ac-7").get("id").asString();
        assertThat(manager.json("POST", ac7 + "/close", "{\"note\":\"\"}").statusCode()).isEqualTo(400);
        JsonNode byPerson = json(manager.json("POST", ac7 + "/close", "{\"note\":\"Accepted risk: lockout handled by the VPN\"}"), 200);
        assertThat(byPerson.get("state").asString()).isEqualTo("CLOSED");
        assertThat(byPerson.get("closeNote").asString()).isEqualTo("Accepted risk: lockout handled by the VPN");
        assertThat(manager.json("POST", ac7 + "/close", "{\"note\":\"again\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void manualEvidenceCountsUntilItExpiresAndDocumentsAreKept() throws InterruptedException {
        String client = OwnData.client(admin(), "Compliance manual");
        Http manager = signedIn(DemoLogins.MANAGER);
        String base = "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST + "/controls/";
        JsonNode note = json(manager.json("POST", base + "sc-8/evidence", "{\"note\":\"TLS 1.3 enforced on the mail gateway (screenshot on file)\"}"), 201);
        assertThat(Duration.between(Instant.parse(note.get("addedAt").asString()), Instant.parse(note.get("expiresAt").asString())))
                .isEqualTo(Duration.ofDays(1));
        Instant soon = Instant.now().plusSeconds(3);
        json(manager.json("POST", base + "au-6/evidence", "{\"note\":\"Weekly log review minutes\",\"expiresAt\":\"" + soon + "\"}"), 201);
        assertThat(manager.json("POST", base + "au-6/evidence", "{\"note\":\"past\",\"expiresAt\":\"" + Instant.now().minusSeconds(60) + "\"}")
                .statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.TIER1).json("POST", base + "sc-8/evidence", "{\"note\":\"x\"}").statusCode()).isEqualTo(403);
        JsonNode cc = json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200);
        assertThat(status(cc, "sc-8")).isEqualTo("PASSING");
        assertThat(controls(cc).get("sc-8").get("fresh").get(0).get("fact").asString()).isEqualTo(ManualEvidence.FACT);
        assertThat(status(cc, "au-6")).isEqualTo("PASSING");
        Await.until("the short-lived evidence to expire", Duration.ofSeconds(20), () -> {
            JsonNode now = JSON.readTree(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST).body());
            return "NOT_EVALUATED".equals(status(now, "au-6")) ? Optional.of(true) : Optional.empty();
        });
        JsonNode later = json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200);
        assertThat(status(later, "sc-8")).isEqualTo("PASSING");
        assertThat(controls(later).get("au-6").get("stale")).hasSize(1);

        byte[] doc = ("Backup policy v3 " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        JsonNode up = json(manager.upload(base + "cp-2x/evidence?note=Policy", "policy.txt", doc), 404);
        assertThat(up.get("status").asInt()).isEqualTo(404);
        JsonNode uploaded = json(manager.upload(base + "au-2/evidence?note=Logging%20policy", "../../etc/policy.txt", doc), 201);
        assertThat(uploaded.get("fileName").asString()).isEqualTo("policy.txt");
        HttpResponse<byte[]> down = manager.sendBytes(manager.builder("/api/v1/compliance/evidence/" + uploaded.get("id").asString() + "/document").GET());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(doc);
        assertThat(down.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(status(json(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST), 200), "au-2")).isEqualTo("PASSING");
    }

    @Test
    void anotherTenantsClientFindingAndEvidenceAreNotFound() {
        String client = ownClientWithFacts();
        Http manager = signedIn(DemoLogins.MANAGER);
        json(manager.json("POST", "/api/v1/compliance/clients/" + client + "/findings/reconcile", null), 200);
        String finding = json(manager.getJson("/api/v1/compliance/clients/" + client + "/findings"), 200).get(0).get("id").asString();
        String evidence = json(manager.json("POST", "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST + "/controls/sc-8/evidence",
                "{\"note\":\"n\"}"), 201).get("id").asString();
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.getJson("/api/v1/compliance/clients/" + client + "/coverage").statusCode()).isEqualTo(404);
        assertThat(portal.getJson("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST).statusCode()).isEqualTo(404);
        assertThat(portal.getJson("/api/v1/compliance/findings/" + finding).statusCode()).isEqualTo(404);
        assertThat(portal.getJson("/api/v1/compliance/evidence/" + evidence).statusCode()).isEqualTo(404);
        assertThat(portal.sendBytes(portal.builder("/api/v1/compliance/clients/" + client + "/frameworks/" + NIST + "/audit-pack.pdf").GET()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> scoped = signedIn(DemoLogins.SCOPED).getJson("/api/v1/compliance/findings/" + finding);
        assertThat(scoped.statusCode()).isEqualTo(404);
        assertThat(scoped.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // The portal contact reads their own client's coverage.
        String northwind = json(adminApi().getJson("/api/v1/clients?q=Northwind"), 200).get("items").get(0).get("id").asString();
        assertThat(json(portal.getJson("/api/v1/compliance/clients/" + northwind + "/coverage"), 200).size()).isGreaterThanOrEqualTo(3);
        // And on their portal's own page, read-only (no decisions, no evidence added), with the audit pack's downloads.
        String page = portal.page("/portal/compliance?framework=" + NIST);
        assertThat(page).contains("Compliance · Northwind Dental", "id=\"coverage-percent\"", "id=\"nav-portal-compliance\"",
                        "/api/v1/compliance/clients/" + northwind + "/frameworks/" + NIST + "/audit-pack.pdf", "action=\"/portal/compliance\"")
                .doesNotContain("id=\"add-evidence\"", "id=\"reconcile\"", "reason it does not apply", client);
        assertThat(portal.get("/compliance/clients/" + northwind).statusCode()).as("the staff page").isEqualTo(404);
        assertThat(manager.get("/portal/compliance").statusCode()).as("staff have no portal").isEqualTo(403);
        // Unknown frameworks and controls are 404 too.
        assertThat(manager.getJson("/api/v1/compliance/clients/" + client + "/frameworks/no-such").statusCode()).isEqualTo(404);
        assertThat(manager.json("PUT", "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST + "/controls/zz-1/not-applicable",
                "{\"reason\":\"r\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void theAuditPackIsReadableAndItsOscalExportValidatesAgainstTheOfficialSchema() throws IOException {
        String client = ownClientWithFacts();
        Http manager = signedIn(DemoLogins.MANAGER);
        String base = "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST;
        json(manager.json("PUT", base + "/controls/sc-28/not-applicable", "{\"reason\":\"No data at rest\"}"), 200);
        json(manager.json("POST", "/api/v1/compliance/clients/" + client + "/findings/reconcile", null), 200);
        byte[] doc = "Contingency plan test minutes".getBytes(StandardCharsets.UTF_8);
        String docId = json(manager.upload(base + "/controls/cp-4/evidence?note=Minutes", "minutes.txt", doc), 201).get("id").asString();

        HttpResponse<byte[]> pdf = manager.sendBytes(manager.builder(base + "/audit-pack.pdf").GET());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        String text = pdfText(pdf.body());
        assertThat(text).contains("Audit pack", "Compliance", "SC-7", "Boundary Protection", "CP-9", "not applicable", "No data at rest", "minutes.txt");

        HttpResponse<byte[]> zip = manager.sendBytes(manager.builder(base + "/audit-pack.zip?from=" + LocalDate.now().minusDays(30) + "&to="
                + LocalDate.now().plusDays(1)).GET());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsKeys("summary.pdf", "oscal-assessment-results.json", "evidence.json", "evidence.csv", "findings.csv",
                "documents/" + docId + "-minutes.txt");
        assertThat(entries.get("documents/" + docId + "-minutes.txt")).isEqualTo(doc);
        assertThat(pdfText(entries.get("summary.pdf"))).contains("SC-7");
        JsonNode evidence = JSON.readTree(entries.get("evidence.json"));
        assertThat(evidence.get("clientId").asString()).isEqualTo(client);
        assertThat(evidence.toString()).contains("security.firewall", "backup.rpo-met", "No data at rest");
        assertThat(new String(entries.get("evidence.csv"), StandardCharsets.UTF_8)).contains("\"cp-9\"", "\"PASSING\"", "\"security.firewall\"");
        assertThat(new String(entries.get("findings.csv"), StandardCharsets.UTF_8)).contains("\"sc-7\"", "\"OPEN\"");
        assertThat(manager.sendBytes(manager.builder(base + "/audit-pack.zip?from=2026-02-01&to=2026-01-01").GET()).statusCode()).isEqualTo(400);

        HttpResponse<String> oscal = manager.getJson(base + "/oscal");
        JsonNode ar = json(oscal, 200);
        assertThat(OscalSchemas.errors(OscalSchemas.assessmentResults(), ar)).isEmpty();
        assertThat(OscalSchemas.errors(OscalSchemas.assessmentResults(), JSON.readTree(entries.get("oscal-assessment-results.json")))).isEmpty();
        String s = ar.toString();
        assertThat(s).contains("\"satisfied\"", "\"not-satisfied\"", "\"exclude-controls\"", "sc-28", "security.firewall");
        // The schema really checks: a result without its required uuid is refused.
        ((tools.jackson.databind.node.ObjectNode) ar.get("assessment-results").get("results").get(0)).remove("uuid");
        assertThat(OscalSchemas.errors(OscalSchemas.assessmentResults(), ar)).isNotEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void patchComplianceFromThePatchingModuleEvidencesFlawRemediation() {
        String client = OwnData.client(adminApi(), "Compliance patching");
        Http manager = signedIn(DemoLogins.MANAGER);
        String path = "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST;
        // No device scanned: patching establishes no fact, so RA-5 (mapped only to patch compliance) is not evaluated.
        assertThat(status(json(manager.getJson(path), 200), "ra-5")).isEqualTo("NOT_EVALUATED");
        io.steward.server.support.TestAgent agent = OwnData.approvedDevice(adminApi(), port, client, "cmp-" + UUID.randomUUID().toString().substring(0, 6));
        HttpResponse<String> scanned = agent.post(io.steward.protocol.patch.PatchMessages.SCAN_PATH, "{\"seq\":" + agent.nextSeq() + ",\"scannedAt\":"
                + System.currentTimeMillis() + ",\"manager\":\"apt\",\"rebootRequired\":false,\"rebootPackages\":[],\"metadataRefreshedAt\":null,"
                + "\"updates\":[{\"name\":\"openssl\",\"arch\":\"amd64\",\"installedVersion\":\"3.0.1\",\"candidateVersion\":\"3.0.2\","
                + "\"origin\":\"Debian-Security:12/stable-security\",\"security\":\"yes\",\"severity\":\"\",\"cves\":[],\"held\":false}],"
                + "\"cost\":null,\"error\":null}", Instant.now());
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        JsonNode fresh = json(manager.getJson(path), 200);
        assertThat(status(fresh, "ra-5")).isEqualTo("PASSING");
        assertThat(controls(fresh).get("ra-5").get("fresh").get(0).get("fact").asString()).isEqualTo(Facts.PATCH_COMPLIANCE);
        assertThat(controls(fresh).get("ra-5").get("fresh").get(0).get("summary").asString()).startsWith("1 of 1 scanned devices");
        // The security update is now older than any deadline: the fact fails, and so do its controls.
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_update SET first_seen_at = ? WHERE device_id = ? AND name = 'openssl'")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(400))), UUID.fromString(agent.deviceId)).update());
        JsonNode overdue = json(manager.getJson(path), 200);
        assertThat(status(overdue, "ra-5")).isEqualTo("FAILING");
        assertThat(status(overdue, "si-2")).isEqualTo("FAILING");
    }

    @Test
    void theLastMonthsServiceReportDeliveredEvidencesContinuousMonitoring() {
        String client = OwnData.client(adminApi(), "Compliance reports");
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql("UPDATE client SET created_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(800))), UUID.fromString(client)).update());
        Http manager = signedIn(DemoLogins.MANAGER);
        String path = "/api/v1/compliance/clients/" + client + "/frameworks/" + NIST;
        JsonNode before = json(manager.getJson(path), 200);
        assertThat(status(before, "ca-7")).isEqualTo("FAILING");
        assertThat(controls(before).get("ca-7").get("fresh").get(0).get("fact").asString()).isEqualTo(Facts.SLA_REPORT_DELIVERED);
        java.time.YearMonth last = java.time.YearMonth.now(ZoneId.of("Europe/Berlin")).minusMonths(1);
        HttpResponse<String> stored = adminApi().json("POST", "/api/v1/clients/" + client + "/stored-reports/" + last, null);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        JsonNode after = json(manager.getJson(path), 200);
        assertThat(status(after, "ca-7")).isEqualTo("PASSING");
        assertThat(controls(after).get("ca-7").get("fresh").get(0).get("summary").asString()).contains(last.toString());
    }

    @Test
    void theDemoHasComplianceRecords() {
        String northwind = json(adminApi().getJson("/api/v1/clients?q=Northwind"), 200).get("items").get(0).get("id").asString();
        JsonNode hipaa = json(admin().getJson("/api/v1/compliance/clients/" + northwind + "/frameworks/hipaa-security-technical"), 200);
        assertThat(hipaa.get("notApplicable").findValuesAsString("controlId")).contains("hipaa-164.312-a-2-iii");
        assertThat(hipaa.get("manual").findValuesAsString("controlId")).contains("hipaa-164.312-e-1");
        assertThat(status(hipaa, "hipaa-164.312-e-1")).isEqualTo("PASSING");
        assertThat(hipaa.get("findings").findValuesAsString("controlId")).contains("hipaa-164.312-b");
        String page = signedIn(DemoLogins.MANAGER).page("/compliance/clients/" + northwind + "?framework=hipaa-security-technical");
        assertThat(page).contains("164.312(b)", "logs users off itself", "TLS 1.2 or newer", "Quarterly review");
        // The finding, not-applicable and evidence rows name controls as the framework writes them, with times in words.
        assertThat(page).contains("<td>164.312(a)(2)(iii)</td>", "<td>164.312(e)(1)</td>").doesNotContain(">hipaa-164.312", "Z</td>");
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(d).replaceAll("\\s+", " ");
        }
    }
}
