package io.steward.server.notify.internal.mailbox;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.steward.server.notify.NotifyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-test (sent through the outbox, recognised when it comes back, never handed on; an alarm once when it does
 * not come back by the deadline) and OAuth mailboxes (XOAUTH2 with a token from the refresh token; the expiry warning).
 * Time is driven by running the check at chosen instants: a day ahead of now, so the real schedule, running at the real
 * time, leaves these boxes alone once they got their test.
 */
class MailboxSelfTestTest extends MailServerSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    InboundMailRecorder recorder;
    @Autowired
    SelfTests selfTests;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NotifyProperties properties;

    @Test
    void theSelfTestIsSentThroughTheOutboxTurnsHealthyWhenItComesBackAndAlarmsOnceWhenItDoesNot() throws Exception {
        String address = account("st-pw");
        String id = mailbox(address, "st-pw", imapPort());
        UUID box = UUID.fromString(id);
        recorder.watch(box);
        until(WAIT, "connected", () -> status(id).contains("\"connected\":true"));

        // Whole milliseconds: the database keeps microseconds, rounded, so an instant with nanoseconds could come back later.
        Instant t = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        selfTests.runDue(t);
        String token = jdbc.sql("SELECT self_test_token FROM mailbox WHERE id = ?").param(box).query(String.class).single();
        Map<String, Object> queued = jdbc.sql("SELECT recipient, subject, automatic, status FROM mail_outbox WHERE kind = 'MAILBOX_SELF_TEST' AND position(? in subject) > 0")
                .param(token).query().singleRow();
        assertThat(queued).containsEntry("recipient", address).containsEntry("automatic", true).containsEntry("status", "QUEUED");
        String subject = (String) queued.get("subject");
        assertThat(status(id)).contains("\"selfTestSentAt\":\"" + t.toString().substring(0, 19));

        // The outbox delivers it (another part of Steward): here it lands in the box directly.
        deliver(address, rfc822(address, subject, "Steward's own test."));
        until(WAIT, "the test came back", () -> status(id).contains("\"selfTestReceivedAt\":\""));
        assertThat(status(id)).contains("\"state\":\"OK\"");
        until(WAIT, "the test mail taken out of the box", () -> seen(address).equals(List.of(true)));
        assertThat(recorder.attempts(box)).as("a self-test is never handed to the mail pipeline").isZero();

        // The next test goes out after the interval; it does not come back; at the deadline the box fails, once.
        Instant next = t.plus(properties.inbound().selfTestInterval());
        selfTests.runDue(next.minusSeconds(1));
        assertThat(status(id)).as("no new test before the interval").contains("\"selfTestReceivedAt\":\"");
        selfTests.runDue(next);
        assertThat(status(id)).doesNotContain("\"selfTestReceivedAt\"").contains("\"state\":\"OK\"");
        String name = jdbc.sql("SELECT name FROM mailbox WHERE id = ?").param(box).query(String.class).single();
        selfTests.runDue(next.plus(properties.inbound().selfTestDeadline()).minusSeconds(1));
        assertThat(alarms(name)).isZero();
        selfTests.runDue(next.plus(properties.inbound().selfTestDeadline()));
        assertThat(status(id)).contains("\"state\":\"FAILING\"").contains("did not come back");
        assertThat(admin().page("/settings/mailboxes/" + id)).contains("did not come back").contains("FAILING");
        assertThat(alarms(name)).isEqualTo(1);
        selfTests.runDue(next.plus(properties.inbound().selfTestDeadline()).plusSeconds(60));
        assertThat(alarms(name)).as("the alarm is raised once").isEqualTo(1);
    }

    @Test
    void anOAuthMailboxSignsInWithATokenFromItsRefreshTokenAndWarnsOnceBeforeTheTokenExpires() throws Exception {
        String accessToken = "access-" + UUID.randomUUID();
        String refreshToken = "refresh-" + UUID.randomUUID();
        AtomicInteger tokenRequests = new AtomicInteger();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean good = form.contains("grant_type=refresh_token") && form.contains("refresh_token=" + refreshToken)
                    && form.contains("client_id=steward-app") && form.contains("client_secret=app-secret");
            tokenRequests.incrementAndGet();
            byte[] body = (good ? "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                    : "{\"error\":\"invalid_grant\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(good ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        try {
            // GreenMail takes an XOAUTH2 access token where the account's password would be.
            String address = account(accessToken);
            LocalDate expires = LocalDate.now(ZoneOffset.UTC).plusDays(properties.inbound().oauthWarnDays() - 4);
            String id = mailbox("""
                    {"name":"OAuth %s","address":"%s","host":"127.0.0.1","port":%d,"security":"NONE","plaintextAllowed":true,"auth":"XOAUTH2",
                     "username":"%s","oauthTokenEndpoint":"http://127.0.0.1:%d/token","oauthClientId":"steward-app","oauthClientSecret":"app-secret",
                     "oauthRefreshToken":"%s","oauthRefreshExpiresOn":"%s"}""".formatted(UUID.randomUUID(), address, imapPort(), address,
                    provider.getAddress().getPort(), refreshToken, expires));
            UUID box = UUID.fromString(id);
            recorder.watch(box);
            until(WAIT, "connected with XOAUTH2", () -> status(id).contains("\"connected\":true"));
            deliver(address, rfc822(address, "Via OAuth", "Fetched with an access token."));
            until(WAIT, "handed on", () -> recorder.mails(box).size() == 1);
            assertThat(tokenRequests.get()).as("the access token is kept until it expires").isEqualTo(1);
            assertThat(status(id)).contains("\"state\":\"WARNING\"").contains("\"oauthExpiresSoon\":true").contains("expires on " + expires);

            String name = jdbc.sql("SELECT name FROM mailbox WHERE id = ?").param(box).query(String.class).single();
            selfTests.runDue(Instant.now());
            selfTests.runDue(Instant.now());
            assertThat(count(notifications(), name + " (" + address + "): its OAuth refresh token expires on " + expires)).isEqualTo(1);
        } finally {
            provider.stop(0);
        }
    }

    private long alarms(String name) {
        return count(notifications(), "Mailbox " + name + " ");
    }

    private String notifications() {
        var r = adminApi().getJson("/api/v1/me/notifications");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static long count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private List<Boolean> seen(String address) {
        try {
            return seenFlags(address, "st-pw");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
