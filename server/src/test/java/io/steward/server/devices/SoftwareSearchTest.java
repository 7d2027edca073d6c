package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** Software reported by agents, searched across a client's fleet and shown per device. */
class SoftwareSearchTest extends IntegrationTest {

    private String clientId(String name) {
        return jsonString(adminApi().getJson("/api/v1/clients?q=" + name).body(), "id");
    }

    private TestAgent enrolled(String client, String hostname) {
        HttpResponse<String> token = adminApi().json("POST", "/api/v1/clients/" + clientId(client) + "/enrollment-tokens",
                "{\"name\":\"sw\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(jsonString(token.body(), "token"), hostname).statusCode()).isEqualTo(201);
        return agent;
    }

    private void inventory(TestAgent agent, String software) {
        HttpResponse<String> r = agent.post(AgentProtocol.INVENTORY_PATH, "{\"seq\":" + agent.nextSeq()
                + ",\"manufacturer\":\"Dell\",\"model\":\"OptiPlex\",\"serial\":\"S1\",\"cpu\":\"i5\",\"cores\":4,\"memoryBytes\":8589934592,"
                + "\"osName\":\"Ubuntu\",\"osVersion\":\"22.04\",\"kernel\":\"5.15\",\"software\":[" + software + "]}", Instant.now());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    @Test
    void aTechnicianFindsWhichMachinesRunAPackageAndAtWhichVersion() {
        String tag = Long.toString(System.nanoTime(), 36);
        TestAgent a = enrolled("Alpine", "sw-a-" + tag);
        TestAgent b = enrolled("Alpine", "sw-b-" + tag);
        TestAgent n = enrolled("Northwind", "sw-n-" + tag);
        String pkg = "libzz" + tag;
        inventory(a, "{\"name\":\"" + pkg + "\",\"version\":\"3.0.2\",\"vendor\":\"Ubuntu\"},{\"name\":\"bash\",\"version\":\"5.1\",\"vendor\":\"Ubuntu\"}");
        inventory(b, "{\"name\":\"" + pkg + "\",\"version\":\"3.0.13\",\"vendor\":\"Ubuntu\"}");
        inventory(n, "{\"name\":\"" + pkg + "\",\"version\":\"3.0.2\",\"vendor\":\"Ubuntu\"}");

        String all = adminApi().getJson("/api/v1/software?q=" + pkg).body();
        assertThat(all).contains("\"total\":3", "sw-a-" + tag, "sw-b-" + tag, "sw-n-" + tag);
        String alpine = adminApi().getJson("/api/v1/software?q=" + pkg.toUpperCase() + "&clientId=" + clientId("Alpine") + "&sort=version").body();
        assertThat(alpine).contains("\"total\":2", "3.0.13", "3.0.2").doesNotContain("sw-n-" + tag);
        assertThat(adminApi().getJson("/api/v1/software?q=*" + tag.substring(2)).body()).contains("\"total\":3");
        // The technician scoped to Alpine does not see Northwind's machines; client users do not search at all.
        assertThat(signedIn(DemoLogins.SCOPED).getJson("/api/v1/software?q=" + pkg).body()).contains("\"total\":2").doesNotContain("sw-n-" + tag);
        assertThat(signedIn(DemoLogins.PORTAL_ALPINE).getJson("/api/v1/software?q=" + pkg).statusCode()).isEqualTo(404);

        // A new inventory replaces the device's list: the upgraded machine no longer shows the old version.
        inventory(a, "{\"name\":\"" + pkg + "\",\"version\":\"3.0.13\",\"vendor\":\"Ubuntu\"}");
        assertThat(adminApi().getJson("/api/v1/devices/" + a.deviceId + "/software").body()).contains("3.0.13").doesNotContain("3.0.2", "bash");
        assertThat(adminApi().getJson("/api/v1/software?q=" + pkg + "&clientId=" + clientId("Alpine")).body()).doesNotContain("3.0.2");

        HttpResponse<String> bad = adminApi().getJson("/api/v1/software?q=");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"q\"");
        assertThat(adminApi().getJson("/api/v1/software?q=x&sort=password").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/software?q=%25").body()).as("a % is a character, not a wildcard").contains("\"total\":0");

        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.page("/devices/" + b.deviceId)).contains("/devices/" + b.deviceId + "/software");
        assertThat(tech.page("/devices/" + b.deviceId + "/software")).contains("id=\"device-software\"", pkg, "3.0.13");
        String page = tech.page("/software?q=" + pkg);
        assertThat(page).contains("id=\"software\"", "sw-b-" + tag, "3.0.13");
        assertThat(tech.page("/software?q=")).doesNotContain("id=\"software\"");
        assertThat(match(tech.page("/software?q=" + "x".repeat(101)), "id=\"q-error\">([^<]+)<")).contains("1 to 100 characters");
    }
}
