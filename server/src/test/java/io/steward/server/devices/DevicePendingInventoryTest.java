package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device waiting for approval sends its inventory at once (the agent does at start): the server keeps
 * it, the newest by sequence number, and it shows on the device when a technician approves it.
 */
class DevicePendingInventoryTest extends IntegrationTest {

    private static String inventory(long seq, String model, String os, String pkg) {
        return "{\"seq\":" + seq + ",\"manufacturer\":\"Dell\",\"model\":\"" + model + "\",\"serial\":\"SN" + seq + "\",\"cpu\":\"i7\",\"cores\":8,"
                + "\"memoryBytes\":17179869184,\"osName\":\"Ubuntu\",\"osVersion\":\"" + os + "\",\"kernel\":\"6.8.0\","
                + "\"software\":[{\"name\":\"" + pkg + "\",\"version\":\"1.0\",\"vendor\":\"Ubuntu\"}]}";
    }

    private TestAgent pendingDevice(String clientId, String hostname) {
        HttpResponse<String> token = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":false}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(jsonString(token.body(), "token"), hostname).statusCode()).isEqualTo(201);
        assertThat(agent.status).isEqualTo("PENDING");
        return agent;
    }

    @Test
    void inventorySentWhilePendingShowsOnTheDeviceAfterApproval() {
        String clientId = OwnData.client(adminApi(), "Pending inventory");
        TestAgent agent = pendingDevice(clientId, "reception-pc");
        long older = agent.nextSeq();
        long newer = agent.nextSeq();
        // Delivered out of order (a spool after an outage): the newer one is what is kept.
        HttpResponse<String> second = agent.post(AgentProtocol.INVENTORY_PATH, inventory(newer, "OptiPlex 7010", "24.04", "pending-pkg-new"), Instant.now());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(204);
        HttpResponse<String> first = agent.post(AgentProtocol.INVENTORY_PATH, inventory(older, "OptiPlex 3000", "22.04", "pending-pkg-old"), Instant.now());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        // Stored once: a resend is answered as already received.
        assertThat(agent.post(AgentProtocol.INVENTORY_PATH, inventory(newer, "OptiPlex 7010", "24.04", "pending-pkg-new"), Instant.now()).statusCode())
                .isEqualTo(409);
        // Metrics are still refused until approval.
        assertThat(agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":[]}", Instant.now()).statusCode()).isEqualTo(403);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/inventory").statusCode()).isEqualTo(204);

        HttpResponse<String> approved = adminApi().json("POST", "/api/v1/devices/" + agent.deviceId + "/approve", null);
        assertThat(approved.body()).contains("\"status\":\"APPROVED\"", "Ubuntu 24.04");
        String inventory = adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/inventory").body();
        assertThat(inventory).contains("OptiPlex 7010", "pending-pkg-new").doesNotContain("OptiPlex 3000");
        assertThat(adminApi().getJson("/api/v1/software?clientId=" + clientId + "&q=pending-pkg").body())
                .contains("pending-pkg-new").doesNotContain("pending-pkg-old");
        assertThat(signedIn(DemoLogins.TIER1).page("/devices/" + agent.deviceId)).contains("OptiPlex 7010");

        // Applied once: a later inventory replaces it as usual.
        assertThat(agent.post(AgentProtocol.INVENTORY_PATH, inventory(agent.nextSeq(), "OptiPlex 9020", "24.04", "pending-pkg-later"), Instant.now())
                .statusCode()).isEqualTo(204);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/inventory").body()).contains("OptiPlex 9020");
    }

    @Test
    void aRetiredDeviceNeverGetsWhatItSentWhilePending() {
        String clientId = OwnData.client(adminApi(), "Pending retired");
        TestAgent agent = pendingDevice(clientId, "stray-laptop");
        assertThat(agent.post(AgentProtocol.INVENTORY_PATH, inventory(agent.nextSeq(), "Latitude 5440", "24.04", "stray-pkg"), Instant.now())
                .statusCode()).isEqualTo(204);
        assertThat(adminApi().json("POST", "/api/v1/devices/" + agent.deviceId + "/retire", null).statusCode()).isEqualTo(200);
        assertThat(adminApi().getJson("/api/v1/devices/" + agent.deviceId + "/inventory").statusCode()).isEqualTo(204);
        assertThat(agent.post(AgentProtocol.INVENTORY_PATH, inventory(agent.nextSeq(), "Latitude 5440", "24.04", "stray-pkg"), Instant.now())
                .statusCode()).isEqualTo(403);
    }
}
