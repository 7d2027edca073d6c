package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** A device that sends faster than its budget (default: bursts of 30, then 5 per second) gets 429 with Retry-After; others do not. */
class AgentRateLimitTest extends IntegrationTest {

    private TestAgent enrolled(String hostname) {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String token = jsonString(adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"rate\",\"expiresInHours\":1,\"maxUses\":2,\"autoApprove\":true}").body(), "token");
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token, hostname).statusCode()).isEqualTo(201);
        return agent;
    }

    @Test
    void aChattyDeviceIsSlowedDownWith429AndRetryAfter() throws Exception {
        TestAgent chatty = enrolled("chatty");
        TestAgent quiet = enrolled("quiet");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            answers.add(chatty.heartbeat());
        }
        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isGreaterThanOrEqualTo(30);
        assertThat(limited).isNotEmpty();
        HttpResponse<String> first = limited.get(0);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(first.body()).contains("\"status\":429", "Retry-After");
        long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // Another device is not affected.
        assertThat(quiet.heartbeat().statusCode()).isEqualTo(200);
        // Waiting as told lets the device in again.
        Thread.sleep(retryAfter * 1000);
        assertThat(chatty.heartbeat().statusCode()).isEqualTo(200);
    }
}
