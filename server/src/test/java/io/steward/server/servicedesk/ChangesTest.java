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
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/implemented", null).body()).contains("\"stage\":\"IMPLEMENTED\"");
        assertThat(manager.json("POST", "/api/v1/tickets/" + id + "/change/review", "{\"outcome\":\"No issues\"}").body())
                .contains("\"stage\":\"REVIEWED\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + id).body()).contains("\"status\":\"CLOSED\"");
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
        assertThat(tech.page("/tickets/" + id)).contains("id=\"change-panel\"", "REJECTED");
        assertThat(tech.page("/servicedesk/changes")).contains("Change calendar");
    }
}
