package io.steward.server.reporting;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section 5 (changes by risk and outcome, emergency changes) and the device figures of the monthly report for changes
 * driven through the real change API, and devices retired before, during and after the month. Changes are raised today
 * and then moved into March 2026 (their opening and history), so that later API calls happen after that month's end
 * and must leave its report alone.
 */
class ReportChangesAndRetirementTest extends IntegrationTest {
    private static final String OFFLINE_POLICY = "00000000-0000-4000-8000-0000000a1e00";

    @Autowired
    JdbcClient jdbc;

    private String newClient(String name) {
        String id = jsonString(adminApi().json("POST", "/api/v1/clients",
                "{\"name\":\"" + name + " " + UUID.randomUUID() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}").body(), "id");
        TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE client SET created_at = '2025-01-01T00:00:00Z' WHERE id = ?").param(UUID.fromString(id)).update();
        });
        return id;
    }

    /** A change raised by the manager, planned at {@code risk} and submitted; returns its ticket id. */
    private String submitted(Http manager, String clientId, String title, String risk, boolean emergency) {
        HttpResponse<String> created = manager.json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"CHANGE\",\"title\":\""
                + title + "\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"" + (emergency ? ",\"emergency\":true" : "") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        assertThat(manager.json("PUT", "/api/v1/tickets/" + id + "/change/plan", "{\"risk\":\"" + risk
                + "\",\"implementationPlan\":\"Do it\",\"backoutPlan\":\"Undo it\",\"approvalsRequired\":1}").statusCode()).isEqualTo(200);
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/submit", null).statusCode()).isEqualTo(200);
        return id;
    }

    /** Approved by the admin and scheduled in a March window. */
    private void scheduled(Http manager, String id) {
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":true}").statusCode()).isEqualTo(200);
        HttpResponse<String> w = manager.json("PUT", "/api/v1/tickets/" + id + "/change/window",
                "{\"start\":\"2026-03-10T22:00:00Z\",\"end\":\"2026-03-11T02:00:00Z\"}");
        assertThat(w.body()).contains("\"stage\":\"SCHEDULED\"");
    }

    private void implemented(Http manager, String id, String outcome) {
        HttpResponse<String> r = manager.json("POST", "/api/v1/tickets/" + id + "/change/implemented", "{\"outcome\":\"" + outcome + "\"}");
        assertThat(r.body()).contains("\"stage\":\"IMPLEMENTED\"", "\"outcome\":\"" + outcome + "\"");
    }

    /** Moves the ticket's opening and every event recorded so far to {@code at}, as if it had all happened then. */
    private void happenedAt(String ticketId, String at) {
        Timestamp t = Timestamp.from(Instant.parse(at));
        TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE ticket SET opened_at = ?, updated_at = ? WHERE id = ?").params(t, t, UUID.fromString(ticketId)).update();
            jdbc.sql("UPDATE ticket_event SET at = ? WHERE ticket_id = ?").params(t, UUID.fromString(ticketId)).update();
        });
    }

    private String march(String clientId) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-03");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String withoutGeneratedAt(String json) {
        return json.replaceAll("\"generatedAt\":\"[^\"]+\"", "");
    }

    private static Object at(String json, String path) {
        return JsonPath.read(json, path);
    }

    /** One row of the report's change table, in the order of its columns. */
    private static List<Object> counts(String report, String risk) {
        return java.util.stream.Stream.of("implemented", "successful", "failed", "backedOut", "rejected", "pending", "total", "emergency")
                .map(f -> (Object) ((List<?>) at(report, "$.changes.byRisk[?(@.risk=='" + risk + "')]." + f)).getFirst()).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void changesCountByRiskAndOutcomeAndEmergenciesAreListedWithLinks() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String clientId = newClient("Change Co");
        String e1 = submitted(manager, clientId, "Emergency from the start", "LOW", true);
        scheduled(manager, e1);
        implemented(manager, e1, "SUCCESSFUL");
        String e2 = submitted(manager, clientId, "Emergency once submitted", "MEDIUM", false);
        assertThat(manager.json("PUT", "/api/v1/tickets/" + e2 + "/change/emergency", "{\"emergency\":true}").body()).contains("\"emergency\":true");
        scheduled(manager, e2);
        implemented(manager, e2, "BACKED_OUT");
        String cleared = submitted(manager, clientId, "Emergency withdrawn", "MEDIUM", true);
        assertThat(manager.json("PUT", "/api/v1/tickets/" + cleared + "/change/emergency", "{\"emergency\":false}").statusCode()).isEqualTo(200);
        scheduled(manager, cleared);
        implemented(manager, cleared, "FAILED");
        String rejected = submitted(manager, clientId, "Not now", "HIGH", false);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + rejected + "/change/decisions", "{\"approve\":false,\"comment\":\"No\"}").body())
                .contains("\"stage\":\"REJECTED\"");
        String open = submitted(manager, clientId, "Waiting", "HIGH", false);
        for (String id : List.of(e1, e2, cleared, rejected, open)) {
            happenedAt(id, "2026-03-05T10:00:00Z");
        }

        String r = march(clientId);
        assertThat((java.util.Map<String, Object>) at(r, "$.changes")).doesNotContainKey("note");
        assertThat(at(r, "$.changes.total")).isEqualTo(5);
        // implemented, successful, failed, backed out, rejected, still open, total, emergency
        assertThat(counts(r, "HIGH")).containsExactly(0, 0, 0, 0, 1, 1, 2, 0);
        assertThat(counts(r, "MEDIUM")).containsExactly(2, 0, 1, 1, 0, 0, 2, 1);
        assertThat(counts(r, "LOW")).containsExactly(1, 1, 0, 0, 0, 0, 1, 1);
        assertThat(counts(r, "ALL")).containsExactly(3, 1, 1, 1, 1, 1, 5, 2);
        // What the changes went through in March, by the stage each reached then (the month's report does not say "new").
        assertThat(at(r, "$.changes.activity")).isEqualTo(java.util.Map.of("requested", 5, "approved", 3, "rejected", 1, "implemented", 3,
                "successful", 1, "failed", 1, "backedOut", 1));
        String tickets = adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-03/tickets.json").body();
        assertThat(at(tickets, "$[?(@.id=='" + open + "')].statusAtMonthEnd")).isEqualTo(List.of("SUBMITTED"));
        assertThat(at(tickets, "$[?(@.id=='" + e1 + "')].statusAtMonthEnd")).isEqualTo(List.of("IMPLEMENTED"));
        // The flag withdrawn while the change awaited approval does not count.
        assertThat(at(r, "$.changes.emergency")).isEqualTo(2);
        assertThat(at(r, "$.changes.emergencies[*].id")).isEqualTo(List.of(e1, e2));
        assertThat(at(r, "$.changes.emergencies[*].outcome")).isEqualTo(List.of("SUCCESSFUL", "BACKED_OUT"));

        String page = admin().page("/clients/" + clientId + "/reports/2026-03");
        String section = page.substring(page.indexOf("id=\"changes\""), page.indexOf("id=\"availability\""));
        assertThat(section).contains("id=\"change-activity\"", "<strong>5</strong> changes were", "requested for approval, <strong>3</strong> approved");
        assertThat(section).contains("id=\"changes-table\"", "id=\"emergency-table\"", "emergency changes:", "href=\"/tickets/" + e1 + "\"",
                "href=\"/tickets/" + e2 + "\"", "backed out").doesNotContain("href=\"/tickets/" + cleared + "\"");
        String csv = adminApi().get("/api/v1/clients/" + clientId + "/reports/2026-03/changes.csv").body();
        assertThat(csv.split("\r\n")[0]).endsWith("outcomeAtMonthEnd,emergency");
        assertThat(csv).contains("BACKED_OUT,true", "FAILED,false");

        // A month without changes says so in a sentence, on the page too.
        String february = adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-02").body();
        assertThat(at(february, "$.changes.note")).isEqualTo("No change was opened or scheduled this month.");
        assertThat(admin().page("/clients/" + clientId + "/reports/2026-02")).contains("No change was opened or scheduled this month.");
    }

    @Test
    void aChangeImplementedAsFailedAfterTheMonthLeavesThatMonthsReportAlone() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String id = submitted(manager, newClient("Later Co"), "Core switch firmware", "HIGH", false);
        String clientId = jsonString(manager.getJson("/api/v1/tickets/" + id).body(), "clientId");
        scheduled(manager, id);
        happenedAt(id, "2026-03-09T10:00:00Z");
        String before = march(clientId);
        assertThat(at(before, "$.changes.byRisk[?(@.risk=='HIGH')].pending")).isEqualTo(List.of(1));
        assertThat(at(before, "$.changes.emergency")).isEqualTo(0);

        // Today, long after March: the risk cannot change any more, but outcome and stage do.
        implemented(manager, id, "FAILED");
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/review", "{\"outcome\":\"Rolled forward later\"}").body())
                .contains("\"stage\":\"REVIEWED\"");
        String after = march(clientId);
        assertThat(withoutGeneratedAt(after)).isEqualTo(withoutGeneratedAt(before));
        assertThat(at(after, "$.changes.byRisk[?(@.risk=='HIGH')].failed")).isEqualTo(List.of(0));
        String json = adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-03/changes.json").body();
        assertThat(at(json, "$[0].stageAtMonthEnd")).isEqualTo("SCHEDULED");
        assertThat(at(json, "$[0].emergency")).isEqualTo(false);
        assertThat(json).doesNotContain("outcomeAtMonthEnd");
    }

    private void device(String clientId, UUID id, String hostname, String status, String retiredAt) {
        TenantContext.runAsSystem(() -> {
            jdbc.sql("""
                            INSERT INTO device (id, client_id, hostname, os, public_key, key_fingerprint, status, enrolled_at, approved_at, retired_at)
                            VALUES (?, ?, ?, 'Ubuntu 24.04', 'key', ?, ?, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z', ?)""")
                    .params(id, UUID.fromString(clientId), hostname, "fp-" + id, status, retiredAt == null ? null : Timestamp.from(Instant.parse(retiredAt)))
                    .update();
        });
    }

    @Test
    void aDeviceCountsUntilItsRetirementAndRetiringOneTodayLeavesLastMonthAlone() {
        String clientId = newClient("Fleet Co");
        UUID keep = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        device(clientId, keep, "keep-01", "APPROVED", null);
        device(clientId, gone, "gone-02", "RETIRED", "2026-03-16T00:00:00Z");
        device(clientId, UUID.randomUUID(), "long-gone-03", "RETIRED", "2026-02-20T00:00:00Z");
        TenantContext.runAsSystem(() -> {
            // gone-02 went offline a day before it was retired and its alert was never closed.
            jdbc.sql("""
                            INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value)
                            VALUES (?, ?, ?, ?, '', 'OPEN', '2026-03-15T00:00:00Z', 1)""")
                    .params(UUID.randomUUID(), gone, UUID.fromString(clientId), UUID.fromString(OFFLINE_POLICY)).update();
        });

        String before = march(clientId);
        assertThat(at(before, "$.fleet.devices")).isEqualTo(2);
        assertThat(at(before, "$.availability.devices")).isEqualTo(2);
        // Measured for the 15 days it served, down for the last of them; not held down for the rest of March.
        assertThat(at(before, "$.availability.worst[*].hostname")).isEqualTo(List.of("gone-02"));
        assertThat(at(before, "$.availability.worst[0].monitoredMinutes")).isEqualTo(15 * 1440);
        assertThat(at(before, "$.availability.worst[0].downtimeMinutes")).isEqualTo(1440);
        assertThat(at(before, "$.availability.overall.monitoredMinutes")).isEqualTo(31 * 1440 + 15 * 1440);
        assertThat(at(before, "$.fleet.offlineOver7Days")).isEqualTo(List.of());
        String devices = adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-03/devices.json").body();
        assertThat(at(devices, "$[?(@.hostname=='gone-02')].retiredAt")).isEqualTo(List.of("2026-03-16T00:00:00Z"));
        assertThat((List<?>) at(devices, "$[?(@.hostname=='keep-01')]")).hasSize(1);
        assertThat((List<?>) at(devices, "$[?(@.hostname=='keep-01')].retiredAt")).allMatch(java.util.Objects::isNull);
        // April: gone-02 was retired before it began.
        assertThat(at(adminApi().getJson("/api/v1/clients/" + clientId + "/reports/2026-04").body(), "$.fleet.devices")).isEqualTo(1);

        HttpResponse<String> retired = adminApi().json("POST", "/api/v1/devices/" + keep + "/retire", null);
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        assertThat(retired.body()).contains("\"status\":\"RETIRED\"", "\"retiredAt\":\"");
        assertThat(adminApi().getJson("/api/v1/devices/" + keep).body()).contains("\"retiredAt\":\"");
        assertThat(admin().page("/devices/" + keep)).contains("id=\"device-retired-at\"");
        assertThat(withoutGeneratedAt(march(clientId))).isEqualTo(withoutGeneratedAt(before));
    }

    @Test
    void onlyARetiredDeviceHasARetirementDate() {
        String clientId = newClient("Check Co");
        UUID id = UUID.randomUUID();
        device(clientId, id, "pending-01", "APPROVED", null);
        assertThat(adminApi().getJson("/api/v1/devices/" + id).body()).doesNotContain("retiredAt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE device SET retired_at = now() WHERE id = ?").param(id).update();
        })).hasMessageContaining("device_retired_at_only_when_retired");
    }
}
