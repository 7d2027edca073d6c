package io.steward.server.notify.internal.webhook;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks to a real HTTP receiver on loopback (allowed by the endpoint's explicit flag), sent by delivery passes the
 * test runs at instants of its choosing: signatures verify by the Standard Webhooks rules, failures are retried on
 * schedule and then dead, replay works, Retry-After and 410 are obeyed, and a client's endpoint hears only its client.
 */
class WebhookDeliveryTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DeliveryRepository deliveries;
    @Autowired
    EndpointRepository endpoints;
    @Autowired
    SecretBox secrets;
    @Autowired
    WebhookBodies bodies;
    @Autowired
    NotifyProperties properties;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aDeliverySignedByTheStandardVerifiesAndATamperedOneDoesNot() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = OwnData.client(adminApi(), "Webhook signing");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            String secret = created.path("secret").asString();
            assertThat(secret).startsWith("whsec_");
            String ticket = ticket(client, "Printer on fire");

            JsonNode delivery = onlyDelivery(created);
            Instant at = Instant.parse(delivery.path("createdAt").asString()).plusSeconds(1);
            passAt(at);

            assertThat(receiver.received).hasSize(1);
            WebhookReceiver.Received got = receiver.received.getFirst();
            assertThat(got.headers().get("webhook-id")).isEqualTo(delivery.path("messageId").asString()).startsWith("msg_");
            assertThat(got.headers().get("webhook-timestamp")).isEqualTo(Long.toString(at.getEpochSecond()));
            assertThat(StandardWebhooksVerifier.verifies(secret, got.headers(), got.body(), at)).isTrue();
            assertThat(StandardWebhooksVerifier.verifies(secret, got.headers(), got.body().replace("Printer", "Plotter"), at)).isFalse();
            assertThat(StandardWebhooksVerifier.verifies(secret, got.headers(), got.body(), at.plus(Duration.ofMinutes(6)))).isFalse();
            assertThat(StandardWebhooksVerifier.verifies(WebhookSignature.newSecret(), got.headers(), got.body(), at)).isFalse();

            JsonNode payload = JSON.readTree(got.body());
            assertThat(payload.path("type").asString()).isEqualTo("ticket.created");
            assertThat(payload.path("data").path("ticket").path("id").asString()).isEqualTo(ticket);
            assertThat(payload.path("data").path("ticket").path("title").asString()).isEqualTo("Printer on fire");
            assertThat(payload.path("data").path("ticket").path("status").asString()).isEqualTo("NEW");
            assertThat(payload.path("data").path("client").path("id").asString()).isEqualTo(client);
            assertThat(payload.path("data").path("links").path("ticket").asString()).endsWith("/tickets/" + ticket);
            assertThat(onlyDelivery(created).path("status").asString()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void anEndpointAddedJustAfterAnEventNobodyHeardHearsTheNextOne() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = OwnData.client(adminApi(), "Webhook newly heard");
            // Nobody hears this client's tickets yet (and this node now remembers that for a few seconds).
            ticket(client, "Before any endpoint");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            String after = ticket(client, "After the endpoint");
            JsonNode delivery = onlyDelivery(created);
            passAt(Instant.parse(delivery.path("createdAt").asString()).plusSeconds(1));
            assertThat(receiver.received).hasSize(1);
            assertThat(JSON.readTree(receiver.received.getFirst().body()).path("data").path("ticket").path("id").asString()).isEqualTo(after);
        }
    }

    @Test
    void duringARotationBothSecretsSign() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = OwnData.client(adminApi(), "Webhook rotation");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            String id = created.path("endpoint").path("id").asString();
            String oldSecret = created.path("secret").asString();
            HttpResponse<String> rotated = adminApi().json("POST", "/api/v1/webhooks/" + id + "/rotate-secret", null);
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            String newSecret = JSON.readTree(rotated.body()).path("secret").asString();
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
            assertThat(JSON.readTree(rotated.body()).path("endpoint").path("previousSecretUntil").isNull()).isFalse();

            HttpResponse<String> test = adminApi().json("POST", "/api/v1/webhooks/" + id + "/test", null);
            assertThat(test.statusCode()).as(test.body()).isEqualTo(202);
            Instant at = Instant.parse(JSON.readTree(test.body()).path("createdAt").asString()).plusSeconds(1);
            passAt(at);

            WebhookReceiver.Received got = receiver.received.getFirst();
            assertThat(got.headers().get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
            assertThat(StandardWebhooksVerifier.verifies(newSecret, got.headers(), got.body(), at)).isTrue();
            assertThat(StandardWebhooksVerifier.verifies(oldSecret, got.headers(), got.body(), at)).isTrue();
            assertThat(JSON.readTree(got.body()).path("type").asString()).isEqualTo("webhook.test");
        }
    }

    @Test
    void aFailingReceiverGetsTheRetriesOnScheduleThenTheDeliveryIsDeadAndReplayDeliversIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.status = 500;
            String client = OwnData.client(adminApi(), "Webhook retries");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            ticket(client, "Retry me");
            JsonNode delivery = onlyDelivery(created);
            Instant at = Instant.parse(delivery.path("createdAt").asString()).plusSeconds(1);
            passAt(at);
            assertThat(receiver.received).hasSize(1);
            for (Duration wait : properties.webhooks().retrySchedule()) {
                int before = receiver.received.size();
                passAt(at.plus(wait).minusSeconds(1));
                assertThat(receiver.received).as("nothing before the wait of " + wait + " is over").hasSize(before);
                at = at.plus(wait);
                passAt(at);
                assertThat(receiver.received).as("a retry once the wait of " + wait + " is over").hasSize(before + 1);
            }
            passAt(at.plus(Duration.ofDays(2)));
            assertThat(receiver.received).as("no retry after the last").hasSize(properties.webhooks().retrySchedule().size() + 1);
            assertThat(receiver.received).extracting(r -> r.headers().get("webhook-id")).containsOnly(delivery.path("messageId").asString());

            JsonNode dead = deliveries(created, "DEAD");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).path("attempts")).hasSize(8).allMatch(a -> a.path("httpStatus").asInt() == 500);
            assertThat(dead.get(0).path("attempts").get(0).path("responseExcerpt").asString()).isEqualTo("answer 500");

            receiver.status = 204;
            HttpResponse<String> replay = adminApi().json("POST", "/api/v1/webhooks/deliveries/" + delivery.path("id").asString() + "/replay", null);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            assertThat(JSON.readTree(replay.body()).path("status").asString()).isEqualTo("PENDING");
            passAt(Instant.parse(JSON.readTree(replay.body()).path("nextAttemptAt").asString()));
            assertThat(receiver.received.getLast().headers().get("webhook-id")).isEqualTo(delivery.path("messageId").asString());
            assertThat(onlyDelivery(created).path("status").asString()).isEqualTo("DELIVERED");
            assertThat(deliveries(created, "DEAD")).isEmpty();
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.status = 503;
            receiver.answerHeaders = Map.of("Retry-After", "120");
            String client = OwnData.client(adminApi(), "Webhook retry-after");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            ticket(client, "Later please");
            Instant at = Instant.parse(onlyDelivery(created).path("createdAt").asString()).plusSeconds(1);
            passAt(at);
            assertThat(Instant.parse(onlyDelivery(created).path("nextAttemptAt").asString())).isEqualTo(at.plusSeconds(120));
            passAt(at.plusSeconds(60));
            assertThat(receiver.received).as("the schedule's 5 s wait gives way to the receiver's 120 s").hasSize(1);
            receiver.status = 200;
            passAt(at.plusSeconds(120));
            assertThat(receiver.received).hasSize(2);
            assertThat(onlyDelivery(created).path("status").asString()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void goneDisablesTheEndpoint() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.status = 410;
            String client = OwnData.client(adminApi(), "Webhook gone");
            JsonNode created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
            ticket(client, "Gone");
            passAt(Instant.parse(onlyDelivery(created).path("createdAt").asString()).plusSeconds(1));
            JsonNode endpoint = JSON.readTree(adminApi().getJson("/api/v1/webhooks/" + created.path("endpoint").path("id").asString()).body());
            assertThat(endpoint.path("enabled").asBoolean()).isFalse();
            assertThat(endpoint.path("disabledReason").asString()).contains("410 Gone");
            assertThat(onlyDelivery(created).path("status").asString()).isEqualTo("DEAD");
            ticket(client, "Nobody hears this");
            assertThat(deliveries(created, null)).as("a disabled endpoint gets no new deliveries").hasSize(1);
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerIsLoggedWithTheErrorAndTriedAgain() throws Exception {
        String client = OwnData.client(adminApi(), "Webhook no answer");
        JsonNode created;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            created = createEndpoint(client, receiver.url(), "STANDARD", "ticket.created");
        }
        ticket(client, "Nobody listens");
        Instant at = Instant.parse(onlyDelivery(created).path("createdAt").asString()).plusSeconds(1);
        passAt(at);
        JsonNode delivery = onlyDelivery(created);
        assertThat(delivery.path("status").asString()).isEqualTo("PENDING");
        assertThat(Instant.parse(delivery.path("nextAttemptAt").asString())).isEqualTo(at.plus(properties.webhooks().retrySchedule().getFirst()));
        JsonNode attempt = delivery.path("attempts").get(0);
        assertThat(attempt.path("httpStatus").isNumber()).as("no answer, no status: " + attempt).isFalse();
        assertThat(attempt.path("error").asString()).contains("ConnectException");
    }

    @Test
    void slackAndTeamsGetTheirOwnShapesWithoutSignatureHeaders() throws Exception {
        try (WebhookReceiver slack = new WebhookReceiver(); WebhookReceiver teams = new WebhookReceiver()) {
            String client = OwnData.client(adminApi(), "Webhook chat");
            JsonNode toSlack = createEndpoint(client, slack.url(), "SLACK", "ticket.created");
            JsonNode toTeams = createEndpoint(client, teams.url(), "TEAMS", "ticket.created");
            ticket(client, "Chat about <this> & that");
            passAt(Instant.parse(onlyDelivery(toSlack).path("createdAt").asString()).plusSeconds(1));

            JsonNode s = JSON.readTree(slack.received.getFirst().body());
            assertThat(s.path("text").asString()).contains("Chat about <this> & that");
            assertThat(s.path("blocks").get(0).path("type").asString()).isEqualTo("section");
            assertThat(s.path("blocks").get(0).path("text").path("text").asString()).contains("&lt;this&gt; &amp; that");
            assertThat(s.path("blocks").get(2).path("elements").get(0).path("url").asString()).contains("/tickets/");
            assertThat(slack.received.getFirst().headers()).doesNotContainKeys("webhook-id", "webhook-signature", "webhook-timestamp");

            JsonNode t = JSON.readTree(teams.received.getFirst().body());
            assertThat(t.path("type").asString()).isEqualTo("message");
            JsonNode attachment = t.path("attachments").get(0);
            assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(attachment.path("content").path("type").asString()).isEqualTo("AdaptiveCard");
            assertThat(attachment.path("content").path("body").get(0).path("text").asString()).contains("Chat about <this> & that");
            assertThat(attachment.path("content").path("actions").get(0).path("type").asString()).isEqualTo("Action.OpenUrl");
            assertThat(teams.received.getFirst().headers()).doesNotContainKeys("webhook-id", "webhook-signature");
            assertThat(onlyDelivery(toTeams).path("status").asString()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void aClientEndpointNeverHearsAnotherClientsEvents() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String mine = OwnData.client(adminApi(), "Webhook mine");
            String other = OwnData.client(adminApi(), "Webhook other");
            JsonNode created = createEndpoint(mine, receiver.url(), "STANDARD", "ticket.created");
            String otherTicket = ticket(other, "Not for them");
            String myTicket = ticket(mine, "For them");
            JsonNode delivery = onlyDelivery(created);
            passAt(Instant.parse(delivery.path("createdAt").asString()).plusSeconds(1));
            assertThat(receiver.received).hasSize(1);
            assertThat(receiver.received.getFirst().body()).contains(myTicket).doesNotContain(otherTicket).doesNotContain(other);
        }
    }

    @Test
    void privateLoopbackAndMetadataUrlsAreRefusedWithoutTheFlag() throws Exception {
        String client = OwnData.client(adminApi(), "Webhook SSRF");
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/hook", "http://192.168.1.10/hook", "http://100.64.0.1/hook", "http://[::1]/hook", "http://[::ffff:10.0.0.1]/hook",
                "http://[fd00::1]/hook", "http://0.0.0.0/hook")) {
            HttpResponse<String> r = adminApi().json("POST", "/api/v1/webhooks", draft(client, url, "STANDARD", false, "ticket.created"));
            assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("errors").get(0).path("field").asString()).as(r.body()).isEqualTo("url");
        }
        HttpResponse<String> ftp = adminApi().json("POST", "/api/v1/webhooks", draft(client, "ftp://example.com/x", "STANDARD", true, "ticket.created"));
        assertThat(ftp.statusCode()).as(ftp.body()).isEqualTo(400);

        Http manager = signedIn("manager@demo.steward.test");
        HttpResponse<String> flagged = manager.json("POST", "/api/v1/webhooks", draft(client, "http://127.0.0.1/hook", "STANDARD", true, "ticket.created"));
        assertThat(flagged.statusCode()).as(flagged.body()).isEqualTo(400);
        assertThat(JSON.readTree(flagged.body()).path("errors").get(0).path("field").asString()).isEqualTo("allowPrivateNetwork");
        HttpResponse<String> mspWide = manager.json("POST", "/api/v1/webhooks", draft(null, "https://example.com/hook", "STANDARD", false, "ticket.created"));
        assertThat(mspWide.statusCode()).as("service managers do not manage MSP-wide endpoints: " + mspWide.body()).isEqualTo(403);

        JsonNode flaggedByAdmin = createEndpoint(client, "http://127.0.0.1:9/hook", "STANDARD", "ticket.created");
        String path = "/api/v1/webhooks/" + flaggedByAdmin.path("endpoint").path("id").asString();
        HttpResponse<String> kept = manager.json("PUT", path, draft(client, "http://127.0.0.1:9/hook", "STANDARD", true, "ticket.created", "ticket.resolved"),
                Map.of("If-Match", "\"0\""));
        assertThat(kept.statusCode()).as("a manager keeps the admin's flag with the URL the admin allowed: " + kept.body()).isEqualTo(200);
        HttpResponse<String> moved = manager.json("PUT", path, draft(client, "http://169.254.169.254/latest/", "STANDARD", true, "ticket.created"),
                Map.of("If-Match", "\"1\""));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
        assertThat(JSON.readTree(moved.body()).path("errors").get(0).path("field").asString()).isEqualTo("allowPrivateNetwork");
    }

    // --- helpers

    private void passAt(Instant instant) {
        NotifyProperties.Webhooks w = properties.webhooks();
        NotifyProperties.Webhooks sending = new NotifyProperties.Webhooks(true, w.interval(), w.batchSize(), w.concurrency(), w.connectTimeout(),
                w.requestTimeout(), w.lease(), w.retrySchedule(), w.rotationOverlap(), w.allowedCidrs());
        try (WebhookDispatcher pass = new WebhookDispatcher(deliveries, endpoints, secrets, bodies, sending, transactions,
                Clock.fixed(instant, ZoneOffset.UTC))) {
            pass.runDue();
        }
    }

    private JsonNode createEndpoint(String client, String url, String format, String... events) throws Exception {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/webhooks", draft(client, url, format, true, events));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private static String draft(String client, String url, String format, boolean allowPrivate, String... events) {
        List<String> quoted = new ArrayList<>();
        for (String e : events) {
            quoted.add("\"" + e + "\"");
        }
        return "{\"name\":\"hook " + UUID.randomUUID() + "\",\"clientId\":" + (client == null ? "null" : "\"" + client + "\"") + ",\"url\":\"" + url
                + "\",\"format\":\"" + format + "\",\"eventTypes\":[" + String.join(",", quoted) + "],\"allowPrivateNetwork\":" + allowPrivate + "}";
    }

    private String ticket(String client, String title) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title.replace("\"", "\\\"") + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private JsonNode deliveries(JsonNode created, String status) throws Exception {
        HttpResponse<String> r = adminApi().getJson("/api/v1/webhooks/" + created.path("endpoint").path("id").asString() + "/deliveries"
                + (status == null ? "" : "?status=" + status));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode onlyDelivery(JsonNode created) throws Exception {
        JsonNode all = deliveries(created, null);
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
