package io.steward.server.notify.internal.mail;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.NotifyProperties.Smtp;
import io.steward.server.notify.internal.mail.MailTestSupport.MovingClock;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.notify.internal.mail.MailTestSupport.freePort;
import static io.steward.server.notify.internal.mail.MailTestSupport.plain;
import static io.steward.server.notify.internal.mail.MailTestSupport.smtp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery of the outbox against real SMTP servers in this JVM (GreenMail; a refusing server of our own for 5xx/4xx
 * replies to RCPT): what a mail looks like on arrival, TLS, password and XOAUTH2 sign-in, retries with backoff and the
 * final outcomes. Each test delivers only its own rows.
 */
class MailDeliveryTest extends IntegrationTest {
    private static final NotifyProperties.Mail FROM = new NotifyProperties.Mail("desk@msp.example", "MSP Service Desk", "");

    @Autowired
    MailOutbox outbox;
    @Autowired
    OutboxDeliveryRepository deliveries;
    @Autowired
    SuppressionRepository suppressions;
    @Autowired
    ClientLogos logos;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    MessageIds messageIds;

    private final List<GreenMail> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(GreenMail::stop);
    }

    @Test
    void aMailArrivesWithItsHeadersAndBothParts() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTP.dynamicPort(), GreenMailConfiguration.aConfig().withDisabledAuthentication());
        String to = unique("dana");
        String earlier = "<t.earlier.1@msp.example>";
        UUID id = enqueue(new OutgoingMail(null, null, "PUBLIC_REPLY", to, "Dana Reyes", "[T-42] Drucker im 2. Stock – geht nicht", "Hello Dana,\nfixed.",
                "<p>Hello Dana,<br>fixed.</p>", earlier, List.of("<t.first.0@msp.example>", earlier), true));

        MailDelivery delivery = delivery(plain(server.getSmtp().getPort()), clock);
        assertThat(delivery.pass(List.of(id)).sent()).isEqualTo(1);

        MimeMessage got = only(server, to);
        assertThat(got.getHeader("Message-ID", null)).isEqualTo(messageId(id));
        assertThat(got.getFrom()[0].toString()).isEqualTo("MSP Service Desk <desk@msp.example>");
        assertThat(got.getHeader("To", null)).isEqualTo("Dana Reyes <" + to + ">");
        assertThat(got.getSubject()).isEqualTo("[T-42] Drucker im 2. Stock – geht nicht");
        assertThat(got.getHeader("In-Reply-To", null)).isEqualTo(earlier);
        assertThat(got.getHeader("References", null).replaceAll("\\s+", " ")).isEqualTo("<t.first.0@msp.example> " + earlier);
        assertThat(got.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(got.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
        assertThat(got.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) got.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(0).getContent().toString().replace("\r\n", "\n")).isEqualTo("Hello Dana,\nfixed.");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>Hello Dana,<br>fixed.</p>");
        assertThat(row(id)).containsEntry("status", "SENT").containsEntry("attempts", 1);
        assertThat(row(id).get("sent_at")).isNotNull();
    }

    @Test
    void aPersonsMailIsPlainTextWithoutTheAutomaticHeaders() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTP.dynamicPort(), GreenMailConfiguration.aConfig().withDisabledAuthentication());
        String to = unique("plain");
        UUID id = enqueue(new OutgoingMail(null, null, "TEST", to, "", "Just text", "only text", null, null, List.of(), false));
        delivery(plain(server.getSmtp().getPort()), clock).pass(List.of(id));
        MimeMessage got = only(server, to);
        assertThat(got.getContentType()).startsWith("text/plain");
        assertThat(got.getHeader("Auto-Submitted")).isNull();
        assertThat(got.getHeader("X-Auto-Response-Suppress")).isNull();
        assertThat(got.getHeader("In-Reply-To")).isNull();
        assertThat(got.getHeader("References")).isNull();
    }

    @Test
    void implicitTlsWithAPassword() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTPS.dynamicPort(), GreenMailConfiguration.aConfig().withUser("relay@msp.example", "relay", "s3cret"));
        int port = server.getSmtps().getPort();
        String to = unique("tls");
        UUID id = enqueue(mail(to));
        // GreenMail's certificate is self-signed: trusted here by name, as an MSP would trust its own relay's.
        Smtp settings = smtp("127.0.0.1", port, Smtp.Security.TLS, "127.0.0.1", Smtp.Auth.PASSWORD, "relay", "s3cret", "", "");
        assertThat(delivery(settings, clock).pass(List.of(id)).sent()).isEqualTo(1);
        assertThat(only(server, to).getHeader("Message-ID", null)).isEqualTo(messageId(id));

        UUID refused = enqueue(mail(unique("tls-wrong")));
        Smtp wrong = smtp("127.0.0.1", port, Smtp.Security.TLS, "127.0.0.1", Smtp.Auth.PASSWORD, "relay", "not the password", "", "");
        MailDelivery failing = delivery(wrong, clock);
        assertThat(failing.pass(List.of(refused)).sent()).isZero();
        assertThat(row(refused)).containsEntry("status", "QUEUED").containsEntry("attempts", 1);
        assertThat((String) row(refused).get("last_error")).contains("535");
        assertThat(failing.status().lastError()).contains("535");
    }

    @Test
    void tlsWithAnUntrustedCertificateIsRefused() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTPS.dynamicPort(), GreenMailConfiguration.aConfig().withDisabledAuthentication());
        UUID id = enqueue(mail(unique("untrusted")));
        Smtp settings = smtp("127.0.0.1", server.getSmtps().getPort(), Smtp.Security.TLS, "", Smtp.Auth.NONE, "", "", "", "");
        assertThat(delivery(settings, clock).pass(List.of(id)).sent()).isZero();
        assertThat(server.getReceivedMessages()).isEmpty();
        assertThat(row(id)).containsEntry("status", "QUEUED");
    }

    @Test
    void starttlsIsRequiredNotSkippedWhenTheServerDoesNotOfferIt() throws Exception {
        // GreenMail's SMTP does not offer STARTTLS: the mail must wait rather than go out in the clear.
        GreenMail server = start(ServerSetupTest.SMTP.dynamicPort(), GreenMailConfiguration.aConfig().withDisabledAuthentication());
        UUID id = enqueue(mail(unique("starttls")));
        Smtp settings = smtp("127.0.0.1", server.getSmtp().getPort(), Smtp.Security.STARTTLS, "", Smtp.Auth.NONE, "", "", "", "");
        assertThat(delivery(settings, clock).pass(List.of(id)).sent()).isZero();
        assertThat(server.getReceivedMessages()).isEmpty();
        assertThat(row(id)).containsEntry("status", "QUEUED");
        assertThat(((String) row(id).get("last_error")).toUpperCase()).contains("STARTTLS");
    }

    @Test
    void xoauth2TakesAnAccessTokenFromTheTokenEndpointAndKeepsIt() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTP.dynamicPort(), GreenMailConfiguration.aConfig()
                .withUser("desk@tenant.example", "desk@tenant.example", "access-token-1"));
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/oauth2/v2.0/token", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " | " + exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = "{\"token_type\":\"Bearer\",\"access_token\":\"access-token-1\",\"expires_in\":3599}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokens.start();
        try {
            String endpoint = "http://127.0.0.1:" + tokens.getAddress().getPort() + "/oauth2/v2.0/token";
            Smtp settings = smtp("127.0.0.1", server.getSmtp().getPort(), Smtp.Security.NONE, "", Smtp.Auth.XOAUTH2, "desk@tenant.example", "",
                    endpoint, "refresh/token+1");
            MailDelivery delivery = delivery(settings, clock);
            String first = unique("oauth-a");
            String second = unique("oauth-b");
            assertThat(delivery.pass(List.of(enqueue(mail(first)))).sent()).isEqualTo(1);
            assertThat(delivery.pass(List.of(enqueue(mail(second)))).sent()).isEqualTo(1);
            assertThat(only(server, first)).isNotNull();
            assertThat(only(server, second)).isNotNull();
            assertThat(requests).as("one token for both connections").hasSize(1);
            assertThat(requests.getFirst()).isEqualTo("grant_type=refresh_token&refresh_token=refresh%2Ftoken%2B1&client_id=steward-client"
                    + "&client_secret=client-secret | application/x-www-form-urlencoded");
        } finally {
            tokens.stop(0);
        }
    }

    @Test
    void aRefusedAccessTokenIsForgottenAndAFailingTokenEndpointIsTheReason() throws Exception {
        GreenMail server = start(ServerSetupTest.SMTP.dynamicPort(), GreenMailConfiguration.aConfig()
                .withUser("desk@tenant.example", "desk@tenant.example", "the-right-token"));
        List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
                "200 {\"access_token\":\"a-revoked-token\",\"expires_in\":3600}",
                "400 {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: the refresh token has expired\"}",
                "200 {\"access_token\":\"the-right-token\",\"expires_in\":3600}"));
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> {
            String answer = answers.removeFirst();
            byte[] body = answer.substring(4).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, 3)), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokens.start();
        try {
            Smtp settings = smtp("127.0.0.1", server.getSmtp().getPort(), Smtp.Security.NONE, "", Smtp.Auth.XOAUTH2, "desk@tenant.example", "",
                    "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token", "rt");
            MovingClock moving = new MovingClock(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            MailDelivery delivery = delivery(settings, moving);
            UUID id = enqueue(mail(unique("oauth-retry")), moving);
            delivery.pass(List.of(id));
            assertThat((String) row(id).get("last_error")).contains("535");
            moving.advance(Duration.ofMinutes(1));
            delivery.pass(List.of(id));
            assertThat((String) row(id).get("last_error")).contains("invalid_grant").contains("refresh token has expired").doesNotContain("rt");
            moving.advance(Duration.ofMinutes(5));
            assertThat(delivery.pass(List.of(id)).sent()).isEqualTo(1);
            assertThat(row(id)).containsEntry("status", "SENT").containsEntry("attempts", 3);
            assertThat(answers).isEmpty();
        } finally {
            tokens.stop(0);
        }
    }

    @Test
    void anUnreachableServerIsRetriedWithBackoffUntilTheMailFails() throws Exception {
        MovingClock moving = new MovingClock(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        UUID id = enqueue(mail(unique("closed")), moving);
        MailDelivery delivery = delivery(plain(freePort()), moving);
        Instant firstAttempt = moving.instant();
        for (int attempt = 1; attempt < Backoff.MAX_ATTEMPTS; attempt++) {
            assertThat(delivery.pass(List.of(id)).claimed()).isEqualTo(1);
            Map<String, Object> r = row(id);
            assertThat(r).containsEntry("status", "QUEUED").containsEntry("attempts", attempt);
            Duration wait = Backoff.DELAYS.get(attempt - 1);
            assertThat(((java.sql.Timestamp) r.get("next_attempt_at")).toInstant()).isEqualTo(moving.instant().plus(wait));
            // Not due a moment before its time.
            moving.advance(wait.minusSeconds(1));
            assertThat(delivery.pass(List.of(id)).claimed()).isZero();
            moving.advance(Duration.ofSeconds(1));
        }
        assertThat(delivery.pass(List.of(id)).claimed()).isEqualTo(1);
        Map<String, Object> r = row(id);
        assertThat(r).containsEntry("status", "FAILED").containsEntry("attempts", Backoff.MAX_ATTEMPTS);
        assertThat((String) r.get("last_error")).startsWith("gave up after 7 attempts: ").containsIgnoringCase("connect");
        assertThat(Duration.between(firstAttempt, moving.instant())).isBetween(Duration.ofHours(20), Duration.ofHours(26));
        assertThat(delivery.pass(List.of(id)).claimed()).as("a failed mail stays failed").isZero();
    }

    @Test
    void aTemporaryRefusalOfTheRecipientIsRetried() throws Exception {
        try (MailTestSupport.RefusingSmtpServer server = new MailTestSupport.RefusingSmtpServer("451 4.2.0 mailbox busy, try later")) {
            UUID id = enqueue(mail(unique("busy")));
            delivery(plain(server.port()), clock).pass(List.of(id));
            assertThat(row(id)).containsEntry("status", "QUEUED");
            assertThat((String) row(id).get("last_error")).contains("451 4.2.0 mailbox busy");
            assertThat(suppressions.contains((String) row(id).get("recipient"))).isFalse();
        }
    }

    @Test
    void aPermanentRefusalOfTheRecipientBouncesAndSuppressesTheAddress() throws Exception {
        String to = unique("Gone");
        try (MailTestSupport.RefusingSmtpServer server = new MailTestSupport.RefusingSmtpServer("550 5.1.1 <" + to + ">: no such user")) {
            UUID id = enqueue(mail(to));
            MailDelivery delivery = delivery(plain(server.port()), clock);
            delivery.pass(List.of(id));
            assertThat(row(id)).containsEntry("status", "BOUNCED");
            assertThat((String) row(id).get("last_error")).contains("550 5.1.1");
            assertThat(suppressions.contains(to.toUpperCase())).isTrue();

            // The next mail to that address is not offered to the server at all.
            int connections = server.connections.get();
            UUID next = enqueue(mail(to.toLowerCase()));
            delivery.pass(List.of(next));
            assertThat(row(next)).containsEntry("status", "SUPPRESSED");
            assertThat(server.connections.get()).isEqualTo(connections);
        } finally {
            suppressions.remove(to);
        }
    }

    @Test
    void withoutAHostNothingIsClaimed() {
        UUID id = enqueue(mail(unique("nohost")));
        MailDelivery delivery = delivery(smtp("", 25, Smtp.Security.NONE, "", Smtp.Auth.NONE, "", "", "", ""), clock);
        assertThat(delivery.configured()).isFalse();
        assertThat(delivery.pass(List.of(id)).claimed()).isZero();
        assertThat(row(id)).containsEntry("status", "QUEUED").containsEntry("attempts", 0);
    }

    private GreenMail start(ServerSetup setup, GreenMailConfiguration config) {
        GreenMail server = new GreenMail(setup);
        server.withConfiguration(config);
        server.start();
        servers.add(server);
        return server;
    }

    private MailDelivery delivery(Smtp settings, Clock at) {
        return new MailDelivery(deliveries, suppressions, FROM, settings, logos::of, at);
    }

    static OutgoingMail mail(String to) {
        return new OutgoingMail(null, null, "TEST", to, "", "A test of " + to, "Text for " + to, null, null, List.of(), true);
    }

    static String unique(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
    }

    private UUID enqueue(OutgoingMail mail) {
        return enqueue(mail, clock);
    }

    /** Queues as the outbox does, with {@code at} as the time the row was written (so a moved clock finds it due). */
    private UUID enqueue(OutgoingMail mail, Clock at) {
        String messageId = TenantContext.callAsSystem(() -> transactions.execute(s -> new MailOutbox(
                new MailOutboxRepository(jdbc), messageIds, at).enqueue(mail)));
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM mail_outbox WHERE message_id = ?").param(messageId).query(UUID.class).single());
    }

    private String messageId(UUID id) {
        return (String) row(id).get("message_id");
    }

    private Map<String, Object> row(UUID id) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT * FROM mail_outbox WHERE id = ?").param(id).query().singleRow());
    }

    private static MimeMessage only(GreenMail server, String to) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            if (m.getHeader("To", null).contains(to)) {
                found.add(m);
            }
        }
        assertThat(found).as("mails to " + to).hasSize(1);
        return found.getFirst();
    }
}
