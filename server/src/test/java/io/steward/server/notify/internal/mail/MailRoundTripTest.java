package io.steward.server.notify.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.steward.server.notify.internal.mailbox.SelfTests;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import static io.steward.server.support.Text.jsonString;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mail channels together, on real servers (GreenMail's SMTP and IMAP in this JVM): a client's mail reaches the
 * MSP's mailbox and becomes a ticket; the confirmation and the technician's public reply leave through the outbox over
 * SMTP and arrive once each, signed and tagged; the client's answer to that mail threads back onto the ticket; an
 * out-of-office to it opens nothing and is answered by nothing; and the mailbox's self-test goes out over SMTP and is
 * recognised when it comes back over IMAP.
 */
class MailRoundTripTest extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MX = "mx.round-trip.test";

    @Autowired
    OutboxDeliveryRepository deliveries;
    @Autowired
    SuppressionRepository suppressions;
    @Autowired
    ClientLogos logos;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageIds messageIds;
    @Autowired
    SelfTests selfTests;

    private GreenMail mail;
    private MailDelivery delivery;
    private String mailboxId;
    private String support;
    private String domain;
    private String dana;

    @BeforeEach
    void servers() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        support = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.round-trip.test";
        mail.setUser(support, support, "box-pw");
        delivery = new MailDelivery(deliveries, suppressions, new io.steward.server.notify.NotifyProperties.Mail(support, "MSP Service Desk", ""),
                MailTestSupport.plain(mail.getSmtp().getPort()), logos::of, java.time.Clock.systemUTC());
        HttpResponse<String> box = adminApi().json("POST", "/api/v1/mailboxes", """
                {"name":"Round trip %s","address":"%s","host":"127.0.0.1","port":%d,"security":"NONE","plaintextAllowed":true,"auth":"PASSWORD",
                 "username":"%s","password":"box-pw","trustedAuthServId":"%s"}""".formatted(UUID.randomUUID(), support, mail.getImap().getPort(), support, MX));
        assertThat(box.statusCode()).as(box.body()).isEqualTo(201);
        mailboxId = jsonString(box.body(), "id");
        domain = "c" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        dana = "dana@" + domain;
    }

    @AfterEach
    void stop() {
        adminApi().json("DELETE", "/api/v1/mailboxes/" + mailboxId, null);
        mail.stop();
    }

    @Test
    void aClientsMailBecomesATicketTheReplyGoesOutOnceAndTheAnswerThreadsBack() throws Exception {
        String client = OwnData.client(adminApi(), "Round trip client");
        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + client + "/contacts",
                "{\"firstName\":\"Dana\",\"lastName\":\"Reyes\",\"email\":\"" + dana + "\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);

        String first = "<first." + UUID.randomUUID() + "@" + domain + ">";
        deliver(raw(first, "Scanner in reception does not turn on", "Hello,\r\nthe scanner in reception shows no light at all.\r\n", ""));
        until("the mail became a ticket", () -> ticketOf(first) != null);
        UUID ticket = ticketOf(first);
        assertThat(jsonString(adminApi().getJson("/api/v1/tickets/" + ticket).body(), "clientId")).isEqualTo(client);

        HttpResponse<String> reply = adminApi().json("POST", "/api/v1/tickets/" + ticket + "/replies",
                "{\"body\":\"Please check that the scanner's power cable is plugged in.\",\"internal\":false}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        deliverOutbox(ticket);

        List<MimeMessage> received = Arrays.asList(mail.getReceivedMessagesForDomain(domain));
        assertThat(received).as("the confirmation and the reply, once each").hasSize(2);
        MimeMessage staffReply = received.stream().filter(m -> body(m).contains("power cable")).findFirst().orElseThrow();
        MimeMessage confirmation = received.stream().filter(m -> m != staffReply).findFirst().orElseThrow();
        long number = Long.parseLong(io.steward.server.support.Text.match(adminApi().getJson("/api/v1/tickets/" + ticket).body(), "\"number\":(\\d+)"));
        for (MimeMessage m : received) {
            assertThat(m.getSubject()).contains("[T-" + number + "]");
            assertThat(messageIds.ticketOf(m.getMessageID())).as("a signed Message-ID naming the ticket").contains(ticket);
        }
        assertThat(confirmation.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(confirmation.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");

        // Dana answers the reply from her mail program: In-Reply-To and References carry the reply's Message-ID.
        String answer = "<answer." + UUID.randomUUID() + "@" + domain + ">";
        deliver(raw(answer, "Re: " + staffReply.getSubject(), "It was unplugged. Works again, thank you!\r\n",
                "In-Reply-To: " + staffReply.getMessageID() + "\r\nReferences: " + first + " " + staffReply.getMessageID() + "\r\n"));
        until("the answer was added to the ticket", () -> "REPLY_ADDED".equals(outcomeOf(answer)));
        assertThat(ticketOf(answer)).isEqualTo(ticket);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body()).contains("Works again, thank you!");

        // Her out-of-office to the same thread opens nothing and is not answered.
        long queuedBefore = outboxRows(ticket);
        String away = "<away." + UUID.randomUUID() + "@" + domain + ">";
        deliver(raw(away, "Automatic reply: " + staffReply.getSubject(), "I am out of the office until Monday.\r\n",
                "Auto-Submitted: auto-replied\r\nIn-Reply-To: " + staffReply.getMessageID() + "\r\n"));
        until("the out-of-office was read", () -> outcomeOf(away) != null);
        assertThat(outcomeOf(away)).isEqualTo("AUTO_IGNORED");
        assertThat(ticketOf(away)).isNull();
        assertThat(outboxRows(ticket)).as("nothing answers an automatic mail").isEqualTo(queuedBefore);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body()).doesNotContain("out of the office");
    }

    @Test
    void theSelfTestGoesOutOverSmtpAndIsRecognisedWhenItComesBack() {
        until("the mailbox is connected", () -> status().contains("\"connected\":true"));
        Instant now = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        selfTests.runDue(now);
        List<UUID> test = TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM mail_outbox WHERE kind = 'MAILBOX_SELF_TEST' AND recipient = ?")
                .param(support).query(UUID.class).list());
        assertThat(test).hasSize(1);
        assertThat(delivery.pass(test).sent()).isEqualTo(1);
        until("the self-test came back", () -> status().contains("\"selfTestReceivedAt\":\""));
        assertThat(status()).contains("\"state\":\"OK\"");
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM inbound_mail WHERE mailbox_id = CAST(? AS uuid)").param(mailboxId)
                .query(Long.class).single())).as("the self-test is not handed to the pipeline").isZero();
    }

    private void deliverOutbox(UUID ticket) {
        List<UUID> rows = TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM mail_outbox WHERE ticket_id = ? AND status = 'QUEUED' ORDER BY created_at")
                .param(ticket).query(UUID.class).list());
        assertThat(delivery.pass(rows).sent()).isEqualTo(rows.size());
        assertThat(delivery.pass(rows).sent()).as("a second pass sends nothing again").isZero();
    }

    private long outboxRows(UUID ticket) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM mail_outbox WHERE ticket_id = ?").param(ticket).query(Long.class).single());
    }

    private UUID ticketOf(String messageId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT ticket_id FROM inbound_mail WHERE message_id = ?").param(messageId)
                .query(UUID.class).optional().orElse(null));
    }

    private String outcomeOf(String messageId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT outcome FROM inbound_mail WHERE message_id = ?").param(messageId)
                .query(String.class).optional().orElse(null));
    }

    private String status() {
        return adminApi().getJson("/api/v1/mailboxes/" + mailboxId + "/status").body();
    }

    private String raw(String messageId, String subject, String body, String extraHeaders) {
        return "Authentication-Results: " + MX + "; spf=pass smtp.mailfrom=" + domain + "; dkim=pass header.d=" + domain + "; dmarc=pass header.from="
                + domain + "\r\nFrom: Dana Reyes <" + dana + ">\r\nTo: " + support + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Mon, 7 Dec 2026 09:00:00 +0100\r\n" + extraHeaders + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body;
    }

    private void deliver(String raw) throws Exception {
        mail.getUserManager().getUser(support).deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private static String body(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof String s) {
                return s;
            }
            jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) content;
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                Object part = multipart.getBodyPart(i).getContent();
                all.append(part instanceof jakarta.mail.Multipart inner ? inner.getBodyPart(0).getContent() : part);
            }
            return all.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + WAIT + " for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
