package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Tags and device groups (static and by rule) over the API and the pages, with the device list filters. */
class DeviceGroupsTest extends IntegrationTest {

    private TestAgent agent(String clientId, String hostname) {
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        agent.enroll(token, hostname);
        return agent;
    }

    @Test
    void tagsFeedRuleGroupsAndStaticGroupsListTheirMembers() {
        Http api = adminApi();
        String clientId = jsonString(api.getJson("/api/v1/clients?q=Northwind").body(), "id");
        String otherClient = jsonString(api.getJson("/api/v1/clients?q=Harbour").body(), "id");
        TestAgent pos = agent(clientId, "grp-pos-01");
        TestAgent xray = agent(clientId, "grp-xray-01");
        TestAgent foreign = agent(otherClient, "grp-foreign-01");

        HttpResponse<String> tagged = api.json("PUT", "/api/v1/devices/" + pos.deviceId + "/tags", "{\"tags\":[\"Front-Desk\",\"pos\",\"pos\"]}");
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        assertThat(tagged.body()).contains("\"tags\":[\"front-desk\",\"pos\"]");
        HttpResponse<String> bad = api.json("PUT", "/api/v1/devices/" + pos.deviceId + "/tags", "{\"tags\":[\"no spaces\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("tags");

        HttpResponse<String> rule = api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Tills\",\"kind\":\"RULE\",\"tags\":[\"pos\"]}");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        String ruleId = jsonString(rule.body(), "id");
        assertThat(rule.body()).contains(pos.deviceId).doesNotContain(xray.deviceId);
        assertThat(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups", "{\"name\":\"Empty rule\",\"kind\":\"RULE\"}").statusCode())
                .isEqualTo(400);
        assertThat(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups", "{\"name\":\"Tills\",\"kind\":\"RULE\",\"os\":\"x\"}")
                .statusCode()).as("duplicate name").isEqualTo(400);
        assertThat(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Foreign\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + foreign.deviceId + "\"]}").statusCode()).isEqualTo(400);

        HttpResponse<String> imaging = api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Imaging\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + xray.deviceId + "\"]}");
        assertThat(imaging.statusCode()).as(imaging.body()).isEqualTo(201);
        String imagingId = jsonString(imaging.body(), "id");
        assertThat(api.json("PUT", "/api/v1/device-groups/" + ruleId + "/members", "{\"deviceIds\":[]}").statusCode()).isEqualTo(409);
        assertThat(api.json("PUT", "/api/v1/device-groups/" + imagingId + "/members",
                "{\"deviceIds\":[\"" + xray.deviceId + "\",\"" + pos.deviceId + "\"]}").body()).contains(xray.deviceId, pos.deviceId);

        assertThat(api.getJson("/api/v1/devices?tag=pos").body()).contains("grp-pos-01").doesNotContain("grp-xray-01");
        assertThat(api.getJson("/api/v1/devices?groupId=" + ruleId).body()).contains("grp-pos-01").doesNotContain("grp-xray-01");
        assertThat(api.getJson("/api/v1/clients/" + clientId + "/device-groups").body()).contains("Tills", "Imaging");

        // Untagging takes the device out of the rule group at once.
        api.json("PUT", "/api/v1/devices/" + pos.deviceId + "/tags", "{\"tags\":[]}");
        assertThat(api.getJson("/api/v1/device-groups/" + ruleId).body()).doesNotContain(pos.deviceId);

        Http tech = signedIn(DemoLogins.TIER1);
        HttpResponse<String> form = tech.postForm("/devices/" + xray.deviceId + "/tags", Map.of("tags", "imaging, xray"));
        assertThat(form.statusCode()).isIn(200, 302, 303);
        assertThat(tech.page("/devices/" + xray.deviceId)).contains("imaging, xray", "Imaging");
        tech.postForm("/devices/groups", Map.of("clientId", clientId, "name", "X-ray rooms", "kind", "RULE", "tags", "xray"));
        assertThat(tech.page("/devices?clientId=" + clientId)).contains("X-ray rooms", "Tills", "Imaging");
        assertThat(tech.page("/devices?clientId=" + clientId + "&tag=xray")).contains("grp-xray-01").doesNotContain("grp-pos-01");
        assertThat(api.json("DELETE", "/api/v1/device-groups/" + imagingId, "").statusCode()).isEqualTo(204);
        assertThat(api.getJson("/api/v1/device-groups/" + imagingId).statusCode()).isEqualTo(404);
    }
}
