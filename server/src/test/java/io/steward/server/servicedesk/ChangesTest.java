package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** A change from draft to review, approved by staff and by the client in the portal; and the refusals on the way. */
class ChangesTest extends IntegrationTest {

    @Test
    void aChangeNeedsTwoApproversNoneOfThemTheRequesterThenRunsInItsWindow() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        HttpResponse<String> created = manager.json("POST", "/api/v1/tickets", "{\"clientId\":\"" + alpine
                + "\",\"type\":\"CHANGE\",\"title\":\"Replace depot firewall\",\"impact\":\"MEDIUM\",\"urgency\":\"LOW\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        assertThat(created.body()).contains("\"state\":\"NONE\"");
        assertThat(manager.getJson("/api/v1/tickets/" + id + "/change").body()).contains("\"stage\":\"DRAFT\"");

        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/submit", null).statusCode()).isEqualTo(400);
        HttpResponse<String> planned = manager.json("PUT", "/api/v1/tickets/" + id + "/change/plan",
                "{\"risk\":\"HIGH\",\"implementationPlan\":\"Swap appliance, restore config\",\"backoutPlan\":\"Put the old one back\",\"approvalsRequired\":2}");
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/submit", null).body()).contains("\"stage\":\"SUBMITTED\"");
        assertThat(manager.json("PUT", "/api/v1/tickets/" + id + "/change/plan",
                "{\"risk\":\"LOW\",\"implementationPlan\":\"x\",\"backoutPlan\":\"y\",\"approvalsRequired\":1}").statusCode()).isEqualTo(409);

        HttpResponse<String> self = manager.json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":true}");
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(self.body()).contains("requested a change cannot approve it");
        assertThat(signedIn(DemoLogins.TIER1).json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":true}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> first = adminApi().json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":true,\"comment\":\"ok\"}");
        assertThat(first.body()).contains("\"stage\":\"SUBMITTED\"", "\"approverName\":\"Morgan Admin\"");
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":true}").statusCode()).isEqualTo(409);

        Http client = signedIn(DemoLogins.PORTAL_ALPINE);
        assertThat(client.page("/portal/tickets/" + id)).contains("Swap appliance, restore config", "id=\"approve-change\"");
        HttpResponse<String> approved = client.postForm("/portal/tickets/" + id + "/decision", Map.of("approve", "true", "comment", "Go ahead"));
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(manager.getJson("/api/v1/tickets/" + id + "/change").body()).contains("\"stage\":\"APPROVED\"", "\"clientSide\":true");

        assertThat(manager.json("PUT", "/api/v1/tickets/" + id + "/change/window",
                "{\"start\":\"2026-12-05T22:00:00Z\",\"end\":\"2026-12-05T21:00:00Z\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> scheduled = manager.json("PUT", "/api/v1/tickets/" + id + "/change/window",
                "{\"start\":\"2026-12-05T22:00:00Z\",\"end\":\"2026-12-06T02:00:00Z\"}");
        assertThat(scheduled.body()).contains("\"stage\":\"SCHEDULED\"");
        assertThat(manager.getJson("/api/v1/changes/calendar?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z").body())
                .contains("Replace depot firewall");
        assertThat(manager.json("PUT", "/api/v1/tickets/" + id + "/status", "{\"status\":\"RESOLVED\"}",
                Map.of("If-Match", adminApi().getJson("/api/v1/tickets/" + id).headers().firstValue("ETag").orElseThrow())).statusCode())
                .isEqualTo(409);
        // No body: the implementation went as planned.
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/implemented", null).body())
                .contains("\"stage\":\"IMPLEMENTED\"", "\"outcome\":\"SUCCESSFUL\"", "\"emergency\":false");
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/review", "{\"outcome\":\"No issues\"}").body())
                .contains("\"stage\":\"REVIEWED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id).body()).contains("\"status\":\"CLOSED\"");
    }

    @Test
    void anEmergencyIsFlaggedUntilDecidedAndAnImplementationRecordsItsOutcome() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        String urgent = "{\"clientId\":\"" + alpine + "\",\"type\":\"%s\",\"title\":\"%s\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\",\"emergency\":true}";
        HttpResponse<String> notAChange = manager.json("POST", "/api/v1/tickets", urgent.formatted("INCIDENT", "Urgent"));
        assertThat(notAChange.statusCode()).isEqualTo(400);
        assertThat(notAChange.body()).contains("\"field\":\"emergency\"");
        HttpResponse<String> created = manager.json("POST", "/api/v1/tickets", urgent.formatted("CHANGE", "Patch the exposed VPN"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        String change = "/api/v1/tickets/" + id + "/change";
        assertThat(manager.getJson(change).body()).contains("\"emergency\":true").doesNotContain("\"outcome\"");
        assertThat(manager.json("PUT", change + "/emergency", "{\"emergency\":false}").body()).contains("\"emergency\":false");
        assertThat(manager.json("PUT", change + "/emergency", "{}").statusCode()).isEqualTo(400);
        manager.json("PUT", change + "/plan", "{\"risk\":\"HIGH\",\"implementationPlan\":\"Apply the vendor fix\",\"backoutPlan\":\"Restore the snapshot\","
                + "\"approvalsRequired\":1}");
        manager.json("POST", change + "/submit", null);
        // Still awaiting approval: the flag may change, here through the page.
        String page = manager.page("/tickets/" + id);
        assertThat(page).contains("id=\"toggle-emergency\"").doesNotContain("id=\"change-emergency\"");
        assertThat(manager.postForm("/tickets/" + id + "/change/emergency", Map.of("emergency", "true")).statusCode()).isEqualTo(302);
        assertThat(manager.page("/tickets/" + id)).contains("id=\"change-emergency\"");
        adminApi().json("POST", change + "/decisions", "{\"approve\":true}");
        HttpResponse<String> decided = manager.json("PUT", change + "/emergency", "{\"emergency\":false}");
        assertThat(decided.statusCode()).isEqualTo(409);
        assertThat(decided.body()).contains("\"field\":\"stage\"");
        manager.json("PUT", change + "/window", "{\"start\":\"2026-12-07T22:00:00Z\",\"end\":\"2026-12-07T23:00:00Z\"}");
        assertThat(manager.page("/servicedesk/changes")).contains("Patch the exposed VPN", "emergency");

        HttpResponse<String> unknown = manager.json("POST", change + "/implemented", "{\"outcome\":\"EXPLODED\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("\"field\":\"outcome\"", "SUCCESSFUL, FAILED or BACKED_OUT");
        assertThat(manager.page("/tickets/" + id)).contains("id=\"change-outcome-select\"", "Backed out");
        HttpResponse<String> badForm = manager.postForm("/tickets/" + id + "/change/implemented", Map.of("outcome", "SIDEWAYS"));
        assertThat(badForm.statusCode()).isEqualTo(302);
        assertThat(manager.page("/tickets/" + id)).contains("SUCCESSFUL, FAILED or BACKED_OUT", "id=\"change-stage\">Scheduled<");
        assertThat(manager.postForm("/tickets/" + id + "/change/implemented", Map.of("outcome", "BACKED_OUT")).statusCode()).isEqualTo(302);
        assertThat(manager.getJson(change).body()).contains("\"stage\":\"IMPLEMENTED\"", "\"outcome\":\"BACKED_OUT\"", "\"emergency\":true");
        assertThat(manager.page("/tickets/" + id)).contains("id=\"change-outcome\"", "outcome backed out");
        // The new-ticket page raises an emergency change with a checkbox, and refuses the flag on anything else.
        assertThat(manager.page("/tickets/new")).contains("id=\"emergency\"");
        Map<String, String> form = new java.util.HashMap<>(Map.of("clientId", alpine, "type", "INCIDENT", "title", "Urgent too", "impact", "HIGH",
                "urgency", "HIGH", "source", "PHONE", "emergency", "true"));
        HttpResponse<String> refused = manager.postForm("/tickets", form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Only a change can be flagged as an emergency.");
        form.put("type", "CHANGE");
        HttpResponse<String> raised = manager.postForm("/tickets", form);
        assertThat(raised.statusCode()).isEqualTo(302);
        String raisedId = raised.headers().firstValue("Location").orElseThrow().replaceAll(".*/tickets/", "");
        assertThat(manager.getJson("/api/v1/tickets/" + raisedId + "/change").body()).contains("\"emergency\":true");
        // Reports read these facts as of a past instant from the history.
        String history = adminApi().getJson("/api/v1/tickets/" + id + "/history").body();
        assertThat(history).contains("\"field\":\"change_emergency\"", "\"field\":\"change_outcome\"", "\"newValue\":\"BACKED_OUT\"",
                "\"field\":\"change_risk\"");
    }

    @Test
    void aRejectionNeedsAReasonAndEndsTheChange() {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        Http tech = signedIn(DemoLogins.TIER1);
        String id = jsonString(tech.json("POST", "/api/v1/tickets", "{\"clientId\":\"" + northwind
                + "\",\"type\":\"CHANGE\",\"title\":\"Move the server room\",\"impact\":\"HIGH\",\"urgency\":\"LOW\"}").body(), "id");
        tech.json("PUT", "/api/v1/tickets/" + id + "/change/plan", "{\"risk\":\"HIGH\",\"implementationPlan\":\"Carry it\",\"backoutPlan\":\"Carry it back\",\"approvalsRequired\":1}");
        tech.json("POST", "/api/v1/tickets/" + id + "/change/submit", null);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/change/decisions", "{\"approve\":false}").statusCode()).isEqualTo(400);
        HttpResponse<String> rejected = adminApi().json("POST", "/api/v1/tickets/" + id + "/change/decisions",
                "{\"approve\":false,\"comment\":\"Not during tax season\"}");
        assertThat(rejected.body()).contains("\"stage\":\"REJECTED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id + "/history").body()).contains("Not during tax season");
        assertThat(adminApi().json("PUT", "/api/v1/tickets/" + id + "/change/window",
                "{\"start\":\"2026-12-05T22:00:00Z\",\"end\":\"2026-12-06T02:00:00Z\"}").statusCode()).isEqualTo(409);
        assertThat(adminApi().getJson("/api/v1/tickets/" + jsonString(adminApi().getJson("/api/v1/tickets?q=Reception").body(), "id")
                + "/change").statusCode()).isEqualTo(409);
        assertThat(tech.page("/tickets/" + id)).contains("id=\"change-panel\"", "id=\"change-stage\">Rejected<");
        assertThat(tech.page("/servicedesk/changes")).contains("Change calendar");
    }
}
