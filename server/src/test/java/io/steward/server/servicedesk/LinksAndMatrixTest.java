package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Problems linked to incidents across clients, watchers, and the configurable priority matrix. */
class LinksAndMatrixTest extends IntegrationTest {

    private String raise(String client, String type, String title) {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=" + client).body(), "id");
        return adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"" + type + "\",\"title\":\"" + title
                + "\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"}").body();
    }

    @Test
    void anIncidentIsCausedByAProblemAndOnlyThoseWhoSeeBothSeeTheLink() {
        String problem = raise("Harbour", "PROBLEM", "Update KB5031 breaks Outlook");
        String incident = raise("Alpine", "INCIDENT", "Outlook crashes after update");
        String incidentId = jsonString(incident, "id");
        String problemNumber = match(problem, "\"number\":(\\d+)");
        String other = raise("Alpine", "INCIDENT", "Not a problem");
        HttpResponse<String> wrong = adminApi().json("POST", "/api/v1/tickets/" + incidentId + "/links",
                "{\"number\":" + match(other, "\"number\":(\\d+)") + ",\"kind\":\"CAUSED_BY\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        HttpResponse<String> linked = adminApi().json("POST", "/api/v1/tickets/" + incidentId + "/links",
                "{\"number\":" + problemNumber + ",\"kind\":\"CAUSED_BY\"}");
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(linked.body()).contains("Update KB5031 breaks Outlook", "\"outgoing\":true");
        assertThat(adminApi().getJson("/api/v1/tickets/" + jsonString(problem, "id") + "/links").body())
                .contains("Outlook crashes after update", "\"outgoing\":false");
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + incidentId + "/links", "{\"number\":" + problemNumber + ",\"kind\":\"CAUSED_BY\"}")
                .statusCode()).isEqualTo(409);

        // The Alpine portal user sees the incident but not the Harbour problem, so not the link either.
        Http alpinePortal = signedIn(DemoLogins.PORTAL_ALPINE);
        assertThat(alpinePortal.getJson("/api/v1/tickets/" + incidentId + "/links").body()).isEqualTo("[]");
        // Neither does the technician scoped to Alpine.
        assertThat(signedIn(DemoLogins.SCOPED).getJson("/api/v1/tickets/" + incidentId + "/links").body()).isEqualTo("[]");
    }

    @Test
    void aProblemRecordsItsRootCauseAndWorkaroundAndItsIncidentsShowTheKnownError() {
        String problem = raise("Northwind", "PROBLEM", "Print spooler dies nightly");
        String problemId = jsonString(problem, "id");
        String incidentId = jsonString(raise("Northwind", "INCIDENT", "Cannot print invoices"), "id");
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + incidentId + "/links",
                "{\"number\":" + match(problem, "\"number\":(\\d+)") + ",\"kind\":\"CAUSED_BY\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> empty = adminApi().getJson("/api/v1/tickets/" + problemId + "/problem");
        assertThat(empty.body()).contains("\"rootCause\":\"\"", "\"knownError\":false");
        String etag = empty.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> halfKnown = adminApi().json("PUT", "/api/v1/tickets/" + problemId + "/problem",
                "{\"rootCause\":\"Driver v3.2 leaks handles\",\"knownError\":true}", Map.of("If-Match", etag));
        assertThat(halfKnown.statusCode()).isEqualTo(400);
        assertThat(halfKnown.body()).contains("\"field\":\"knownError\"");
        HttpResponse<String> saved = adminApi().json("PUT", "/api/v1/tickets/" + problemId + "/problem",
                "{\"rootCause\":\"Driver v3.2 leaks handles\",\"workaround\":\"Restart the spooler service\",\"knownError\":true}",
                Map.of("If-Match", etag));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("\"knownError\":true", "Restart the spooler service");
        HttpResponse<String> stale = adminApi().json("PUT", "/api/v1/tickets/" + problemId + "/problem",
                "{\"rootCause\":\"something else\"}", Map.of("If-Match", etag));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("Driver v3.2 leaks handles");
        assertThat(adminApi().getJson("/api/v1/tickets/" + problemId + "/history").body()).contains("\"field\":\"rootCause\"",
                "\"newValue\":\"Restart the spooler service\"");
        assertThat(adminApi().getJson("/api/v1/tickets/" + incidentId + "/problem").statusCode()).isEqualTo(409);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).getJson("/api/v1/tickets/" + problemId + "/problem").statusCode()).isEqualTo(404);

        // The incident page shows the workaround; the problem page's form refuses a half known error and keeps the text typed.
        Http tech = signedIn("tier3@demo.steward.test");
        assertThat(tech.page("/tickets/" + incidentId)).contains("id=\"known-errors\"", "Restart the spooler service");
        String page = tech.page("/tickets/" + problemId);
        String version = match(page, "name=\"version\" value=\"(\\d+)\"");
        HttpResponse<String> refused = tech.postForm("/tickets/" + problemId + "/problem", Map.of("version", version, "rootCause",
                "", "workaround", "Typed and kept", "knownError", "on"));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(tech.page("/tickets/" + problemId)).contains("id=\"knownError-error\"", "Typed and kept");
    }

    @Test
    void watchersGetSlaNotificationsAndThePageShowsThem() {
        String incidentId = jsonString(raise("Northwind", "INCIDENT", "Watch me"), "id");
        Http tech = signedIn("tier3@demo.steward.test");
        assertThat(tech.json("PUT", "/api/v1/tickets/" + incidentId + "/watchers/me", null).statusCode()).isEqualTo(204);
        assertThat(adminApi().getJson("/api/v1/tickets/" + incidentId + "/watchers").body()).contains("Casey Tier-Three");
        assertThat(tech.page("/tickets/" + incidentId)).contains("Watched by Casey Tier-Three", "Stop watching");
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).json("PUT", "/api/v1/tickets/" + incidentId + "/watchers/me", null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anAdminChangesThePriorityMatrix() {
        HttpResponse<String> matrix = adminApi().getJson("/api/v1/priority-matrix");
        assertThat(matrix.body()).contains("{\"impact\":\"HIGH\",\"urgency\":\"HIGH\",\"priority\":\"P1\"}");
        String changed = matrix.body().replace("{\"impact\":\"LOW\",\"urgency\":\"HIGH\",\"priority\":\"P3\"}",
                "{\"impact\":\"LOW\",\"urgency\":\"HIGH\",\"priority\":\"P2\"}");
        assertThat(signedIn(DemoLogins.MANAGER).json("PUT", "/api/v1/priority-matrix", changed).statusCode()).isEqualTo(403);
        assertThat(adminApi().json("PUT", "/api/v1/priority-matrix", "{\"cells\":[]}").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("PUT", "/api/v1/priority-matrix", changed).body()).contains("{\"impact\":\"LOW\",\"urgency\":\"HIGH\",\"priority\":\"P2\"}");
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        assertThat(adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId
                + "\",\"type\":\"INCIDENT\",\"title\":\"Matrix\",\"impact\":\"LOW\",\"urgency\":\"HIGH\"}").body()).contains("\"priority\":\"P2\"");
        // Put it back through the page.
        Map<String, String> form = new HashMap<>();
        for (String i : new String[] {"HIGH", "MEDIUM", "LOW"}) {
            for (String u : new String[] {"HIGH", "MEDIUM", "LOW"}) {
                form.put(i + "." + u, io.steward.server.servicedesk.PriorityMatrix.standard()
                        .priorityOf(Level.valueOf(i), Level.valueOf(u)).name());
            }
        }
        admin().page("/servicedesk/priority-matrix");
        assertThat(admin().postForm("/servicedesk/priority-matrix", form).statusCode()).isEqualTo(302);
        assertThat(adminApi().getJson("/api/v1/priority-matrix").body()).contains("{\"impact\":\"LOW\",\"urgency\":\"HIGH\",\"priority\":\"P3\"}");
        // The matrix is kept in memory between creates; a change through the page applies to the very next one.
        assertThat(adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId
                + "\",\"type\":\"INCIDENT\",\"title\":\"Matrix back\",\"impact\":\"LOW\",\"urgency\":\"HIGH\"}").body()).contains("\"priority\":\"P3\"");
    }
}
