package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Enrollment and the signed agent channel, and the attacks it must refuse without storing anything. */
class AgentChannelTest extends IntegrationTest {

    private String token(String client, int maxUses, boolean autoApprove) {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=" + client).body(), "id");
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"test\",\"expiresInHours\":2,\"maxUses\":" + maxUses + ",\"autoApprove\":" + autoApprove + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "token");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void anAutoApprovedDeviceReportsInAndItsInventoryAndMetricsAreStored() {
        TestAgent agent = new TestAgent(base());
        HttpResponse<String> enrolled = agent.enroll(token("Alpine", 5, true), "nbg-wks-01");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        assertThat(agent.status).isEqualTo("APPROVED");
        assertThat(agent.heartbeat().statusCode()).isEqualTo(200);
        HttpResponse<String> inventory = agent.post(AgentProtocol.INVENTORY_PATH, "{\"seq\":" + agent.nextSeq()
                + ",\"manufacturer\":\"Lenovo\",\"model\":\"ThinkCentre M70q\",\"serial\":\"PF3X1\",\"cpu\":\"i5-12400T\",\"cores\":6,"
                + "\"memoryBytes\":17179869184,\"osName\":\"Debian\",\"osVersion\":\"12\",\"kernel\":\"6.1.0\",\"software\":[{\"name\":\"openssl\","
                + "\"version\":\"3.0.15\",\"vendor\":\"Debian\"}]}", Instant.now());
        assertThat(inventory.statusCode()).as(inventory.body()).isEqualTo(204);
        long now = System.currentTimeMillis();
        HttpResponse<String> metrics = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":["
                + "{\"metric\":\"fs.used_pct\",\"instance\":\"/\",\"value\":91.5,\"unit\":\"pct\",\"at\":" + now + "},"
                + "{\"metric\":\"cpu.utilization\",\"instance\":\"\",\"value\":12.0,\"unit\":\"furlongs\",\"at\":" + now + "},"
                + "{\"metric\":\"Bad Name\",\"instance\":\"\",\"value\":1,\"unit\":\"pct\",\"at\":" + now + "},"
                + "{\"metric\":\"fs.used_pct\",\"instance\":\"/a\\u0000b\",\"value\":1,\"unit\":\"pct\",\"at\":" + now + "}]}", Instant.now());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("\"accepted\":1", "\"1\":\"unknown unit", "\"2\":\"metric must be", "\"3\":\"instance contains control");

        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId).body()).contains("nbg-wks-01", "\"status\":\"APPROVED\"", "Debian 12");
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/inventory").body()).contains("ThinkCentre M70q", "openssl");
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/metrics").body()).contains("\"metric\":\"fs.used_pct\"", "91.5")
                .doesNotContain("furlongs");
        String page = signedIn(DemoLogins.TIER1).page("/devices/" + agent.deviceId);
        assertThat(page).contains("nbg-wks-01", "ThinkCentre M70q", "fs.used_pct", "91.5 %", "id=\"device-state\">Online<");
        assertThat(signedIn(DemoLogins.TIER1).page("/devices")).contains("nbg-wks-01");
    }

    @Test
    void aPendingDeviceWaitsForApproval() {
        TestAgent agent = new TestAgent(base());
        agent.enroll(token("Northwind", 1, false), "front-desk");
        assertThat(agent.status).isEqualTo("PENDING");
        assertThat(agent.heartbeat().body()).contains("\"status\":\"PENDING\"");
        HttpResponse<String> early = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[]}", Instant.now());
        assertThat(early.statusCode()).isEqualTo(403);
        assertThat(adminApi().getJson("/api/v1/devices?status=PENDING").body()).contains("front-desk");
        assertThat(adminApi().json("POST", "/api/v1/devices/" + agent.deviceId + "/approve", null).body()).contains("\"status\":\"APPROVED\"");
        assertThat(agent.heartbeat().body()).contains("\"status\":\"APPROVED\"");
        assertThat(adminApi().json("POST", "/api/v1/devices/" + agent.deviceId + "/retire", null).statusCode()).isEqualTo(200);
        assertThat(agent.heartbeat().statusCode()).isEqualTo(403);
    }

    @Test
    void tokensExpireGetUsedUpAndCanBeRevoked() {
        String once = token("Harbour", 1, true);
        assertThat(new TestAgent(base()).enroll(once, "a").statusCode()).isEqualTo(201);
        HttpResponse<String> usedUp = new TestAgent(base()).enroll(once, "b");
        assertThat(usedUp.statusCode()).isEqualTo(410);
        assertThat(usedUp.body()).contains("used up");
        assertThat(new TestAgent(base()).enroll("ste_nonsense", "c").statusCode()).isEqualTo(401);
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Harbour").body(), "id");
        String revocable = token("Harbour", 10, true);
        String tokenId = jsonString(adminApi().getJson("/api/v1/clients/" + clientId + "/enrollment-tokens").body(), "id");
        assertThat(adminApi().json("DELETE", "/api/v1/enrollment-tokens/" + tokenId, null).statusCode()).isEqualTo(200);
        assertThat(new TestAgent(base()).enroll(revocable, "d").statusCode()).isIn(201, 410);
        assertThat(new TestAgent(base()).enroll("", "e").statusCode()).isIn(400, 401);
        assertThat(new TestAgent(base()).enroll(token("Harbour", 1, true), "x".repeat(300)).statusCode()).isEqualTo(400);
    }

    @Test
    void attacksOnTheAgentChannelAreRefusedAndStoreNothing() {
        TestAgent agent = new TestAgent(base());
        agent.enroll(token("Alpine", 5, true), "target");
        TestAgent other = new TestAgent(base());
        other.enroll(token("Alpine", 5, true), "other");

        String body = "{\"seq\":100,\"sentAt\":1,\"dropped\":0}";
        // Unsigned.
        HttpResponse<String> unsigned = agent.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + AgentProtocol.HEARTBEAT_PATH))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        // Signed with the wrong key.
        assertThat(agent.post(AgentProtocol.HEARTBEAT_PATH, body, Instant.now(), DeviceKeys.generate(), agent.deviceId).statusCode()).isEqualTo(401);
        // Another device's key claiming to be the target.
        assertThat(agent.post(AgentProtocol.HEARTBEAT_PATH, body, Instant.now(), other.keys, agent.deviceId).statusCode()).isEqualTo(401);
        // A replayed heartbeat (it would make a dead device look alive) is refused and changes nothing.
        String heartbeat = "{\"seq\":99,\"sentAt\":1,\"dropped\":0}";
        assertThat(agent.post(AgentProtocol.HEARTBEAT_PATH, heartbeat, Instant.now()).statusCode()).isEqualTo(200);
        HttpResponse<String> replayedHeartbeat = agent.post(AgentProtocol.HEARTBEAT_PATH, heartbeat, Instant.now());
        assertThat(replayedHeartbeat.statusCode()).as(replayedHeartbeat.body()).isEqualTo(409);
        assertThat(replayedHeartbeat.body()).contains("already received");
        // Stale timestamp.
        HttpResponse<String> stale = agent.post(AgentProtocol.HEARTBEAT_PATH, body, Instant.now().minusSeconds(900));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("clock");
        // Another device's id in the body.
        assertThat(agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":101,\"deviceId\":\"" + other.deviceId + "\",\"samples\":[]}", Instant.now())
                .statusCode()).isEqualTo(400);
        // A replayed batch is stored once.
        String batch = "{\"seq\":102,\"samples\":[{\"metric\":\"replay.test\",\"instance\":\"\",\"value\":1,\"unit\":\"count\",\"at\":"
                + System.currentTimeMillis() + "}]}";
        assertThat(agent.post(AgentProtocol.METRICS_PATH, batch, Instant.now()).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = agent.post(AgentProtocol.METRICS_PATH, batch, Instant.now());
        // Acknowledged (the agent may drop it from its spool) as stored earlier; nothing is stored twice.
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body()).contains("\"accepted\":0");
        assertThat(replay.headers().firstValue("Steward-Already-Stored")).hasValue("true");
        // Malformed and oversized batches.
        assertThat(agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":103,\"samples\":\"lots\"}", Instant.now()).statusCode()).isEqualTo(400);
        assertThat(agent.post(AgentProtocol.METRICS_PATH, "{\"samples\":[]}", Instant.now()).statusCode()).isEqualTo(400);
        String huge = "{\"seq\":104,\"samples\":[" + ("{\"metric\":\"a\",\"instance\":\"" + "x".repeat(200) + "\",\"value\":1,\"unit\":\"count\",\"at\":1},")
                .repeat(6000) + "{}]}";
        assertThat(agent.post(AgentProtocol.METRICS_PATH, huge, Instant.now()).statusCode()).isEqualTo(413);
        // Nothing of the refused requests reached the device.
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/metrics").body()).contains("replay.test");
    }

    @Test
    void onlyTheExactAgentPathsAnswerAndEveryOtherSpellingIsRefused() {
        TestAgent agent = new TestAgent(base());
        agent.enroll(token("Alpine", 5, true), "spelling");
        String sample = "{\"metric\":\"spelling.test\",\"instance\":\"\",\"value\":1,\"unit\":\"count\",\"at\":" + System.currentTimeMillis() + "}";
        // Signed for the variant itself, so only the path decides.
        for (String variant : java.util.List.of("/agent/v1//metrics", "/agent/v1/metrics/", "/AGENT/v1/metrics", "/agent/v1/Metrics",
                "/agent/v1/./metrics", "/agent/v1/metrics;x=1", "/agent/v2/metrics", "/agent/v1/nothing")) {
            HttpResponse<String> r = agent.post(variant, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[" + sample + "]}", Instant.now());
            assertThat(r.statusCode()).as(variant + " " + r.body()).isIn(400, 404);
            assertThat(r.headers().firstValue("Content-Type")).as(variant).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        // An encoded spelling is not the channel's; the security chain denies it like any unknown path.
        HttpResponse<String> encoded = agent.post("/%61gent/v1/metrics", "{\"seq\":" + agent.nextSeq() + ",\"samples\":[" + sample + "]}", Instant.now());
        assertThat(encoded.statusCode()).as(encoded.body()).isIn(400, 401, 403, 404);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/metrics").body()).doesNotContain("spelling.test");

        // Not a POST, not JSON, not valid JSON: each refused with its own status and nothing stored.
        HttpResponse<String> get = agent.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + AgentProtocol.METRICS_PATH)).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> text = agent.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + AgentProtocol.METRICS_PATH))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "text/plain"));
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> broken = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[{\"metric\":", Instant.now());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("not valid JSON", "\"status\":400");
        // A sample refused by value is named by its index, as the API names fields.
        HttpResponse<String> nan = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq()
                + ",\"samples\":[{\"metric\":\"spelling.test\",\"instance\":\"\",\"value\":1,\"unit\":\"parsecs\",\"at\":1}]}", Instant.now());
        assertThat(nan.statusCode()).isEqualTo(400);
        assertThat(nan.body()).contains("\"errors\":[{\"field\":\"samples[0]\",\"message\":");
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/metrics").body()).doesNotContain("spelling.test");
    }

    @Test
    void aKeyEnrolledTwiceIsFlaggedAndWaits() {
        TestAgent first = new TestAgent(base());
        first.enroll(token("Northwind", 5, true), "original");
        TestAgent clone = new TestAgent(base(), first.keys);
        HttpResponse<String> r = clone.enroll(token("Northwind", 5, true), "impostor");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(clone.status).isEqualTo("PENDING");
        assertThat(adminApi().getJson("/api/v1/devices/" + clone.deviceId).body()).contains("already enrolled (as original)");
    }
}
