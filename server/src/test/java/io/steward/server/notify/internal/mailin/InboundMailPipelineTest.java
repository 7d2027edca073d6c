package io.steward.server.notify.internal.mailin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import io.steward.server.notify.internal.mail.MailBounced;
import io.steward.server.notify.internal.mail.MailOutbox;
import io.steward.server.notify.internal.mail.OutgoingMail;
import io.steward.server.notify.internal.mail.MessageIds;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound mail pipeline on the real server and database: mails built with Jakarta Mail (and the captured-style
 * samples) are published as the mailbox side does, in a transaction in system scope, and what they became is read
 * back from the tables and the API. Each test makes its own client, contact and mailbox.
 */
@RecordApplicationEvents
class InboundMailPipelineTest extends IntegrationTest {
    private static final String MX = "mx.msp.example";

    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessageIds messageIds;
    @Autowired
    ApplicationEvents events;
    @Autowired
    MailOutbox outbox;

    private String domain;
    private String clientId;
    private String contactId;
    private String sender;
    private UUID mailbox;

    @BeforeEach
    void ownClientAndContact() {
        domain = "c" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        clientId = OwnData.client(adminApi(), "Mail client");
        sender = "alex@" + domain;
        contactId = contact(clientId, "Alex", "Example", sender);
        mailbox = UUID.randomUUID();
    }

    @Test
    void aTrustedContactOpensATicketWithTheAttachmentAndRepliesThreadOntoIt() {
        byte[] pdf = "%PDF-1.4 a scan of the error".getBytes(StandardCharsets.US_ASCII);
        String firstId = "<first." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from(sender, "Alex Example").dmarcPass(MX, domain).messageId(firstId).subject("Printer on floor 2 is offline")
                .text("It shows error 49.").attach("error.pdf", "application/pdf", pdf).bytes());
        Map<String, Object> first = row(firstId);
        assertThat(first.get("outcome")).isEqualTo("TICKET_CREATED");
        UUID ticket = (UUID) first.get("ticket_id");
        Map<String, Object> t = ticket(ticket);
        assertThat(t.get("client_id")).isEqualTo(UUID.fromString(clientId));
        assertThat(t.get("requester_id")).isEqualTo(UUID.fromString(contactId));
        assertThat(t.get("source")).isEqualTo("EMAIL");
        assertThat(t.get("title")).isEqualTo("Printer on floor 2 is offline");
        assertThat(t.get("description")).isEqualTo("It shows error 49.");
        HttpResponse<String> files = adminApi().getJson("/api/v1/tickets/" + ticket + "/attachments");
        assertThat(files.body()).contains("error.pdf").contains("\"sizeBytes\":" + pdf.length);

        String byHeader = reply(Mails.from(sender, "Alex Example").header("In-Reply-To", firstId).subject("Re: Printer").text("Still broken."));
        assertThat(row(byHeader)).containsEntry("outcome", "REPLY_ADDED").containsEntry("ticket_id", ticket);
        assertThat((String) row(byHeader).get("reason")).contains("In-Reply-To");

        String bySignedId = reply(Mails.from(sender, "Alex Example").header("References", "<unrelated@elsewhere.example> " + messageIds.forTicket(ticket))
                .subject("Another subject").text("And a second thing."));
        assertThat(row(bySignedId)).containsEntry("outcome", "REPLY_ADDED").containsEntry("ticket_id", ticket);
        assertThat((String) row(bySignedId).get("reason")).contains("References");

        long number = (Long) t.get("number");
        String byTag = reply(Mails.from(sender, "Alex Example").subject("Re: [T-" + number + "] Printer").text("Tagged reply."));
        assertThat(row(byTag)).containsEntry("outcome", "REPLY_ADDED").containsEntry("ticket_id", ticket);
        assertThat(publicReplies(ticket)).containsExactly("Still broken.", "And a second thing.", "Tagged reply.");

        resolve(ticket);
        String reopening = reply(Mails.from(sender, "Alex Example").subject("Re: [T-" + number + "] Printer").text("It broke again."));
        assertThat(row(reopening)).containsEntry("outcome", "REPLY_ADDED").containsEntry("ticket_id", ticket);
        assertThat((String) row(reopening).get("reason")).contains("reopened");
        assertThat(ticket(ticket).get("status")).isEqualTo("IN_PROGRESS");

        resolve(ticket);
        system(() -> jdbc.sql("UPDATE ticket SET resolved_at = resolved_at - interval '30 days' WHERE id = ?").param(ticket).update());
        String late = reply(Mails.from(sender, "Alex Example").header("In-Reply-To", firstId).subject("Re: Printer").text("A month later."));
        UUID fresh = (UUID) row(late).get("ticket_id");
        assertThat(row(late).get("outcome")).isEqualTo("TICKET_CREATED");
        assertThat(fresh).isNotEqualTo(ticket);
        assertThat(ticket(ticket).get("status")).isEqualTo("RESOLVED");
        assertThat(system(() -> jdbc.sql("SELECT count(*) FROM ticket_link WHERE ticket_id = ? AND linked_id = ?").params(fresh, ticket)
                .query(Long.class).single())).isEqualTo(1L);
    }

    @Test
    void aMailboxBoundToAClientTakesOnlyItsContactsAndHtmlOnlyMailAsText() {
        String otherClient = OwnData.client(adminApi(), "Mail other client");
        String colleague = "sam@" + domain;
        contact(otherClient, "Sam", "Other", colleague);
        ClientId bound = new ClientId(UUID.fromString(clientId));

        String fromOther = "<b1." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from(colleague, "Sam").dmarcPass(MX, domain).messageId(fromOther).text("For the other client?").bytes(), bound);
        assertThat(row(fromOther)).containsEntry("outcome", "TRIAGE").containsEntry("client_id", bound.value());
        assertThat((String) row(fromOther).get("reason")).contains("not a contact of the mailbox's client");

        String fromMine = "<b2." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from(sender, "Alex").dmarcPass(MX, domain).messageId(fromMine).subject("Newsletter broken")
                .htmlOnly("<p>The <b>newsletter</b> tool &amp; its images are gone.</p><script>alert(1)</script>").bytes(), bound);
        Map<String, Object> t = ticket((UUID) row(fromMine).get("ticket_id"));
        assertThat(t).containsEntry("client_id", bound.value()).containsEntry("description", "The newsletter tool & its images are gone.");
    }

    @Test
    void aForgedSignedMessageIdDoesNotThread() {
        String firstId = "<first." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from(sender, "Alex").dmarcPass(MX, domain).messageId(firstId).subject("Original").text("x").bytes());
        UUID ticket = (UUID) row(firstId).get("ticket_id");
        String real = messageIds.forTicket(ticket);
        int at = real.indexOf('@');
        String forged = real.substring(0, at - 1) + (real.charAt(at - 1) == '0' ? '1' : '0') + real.substring(at);
        String id = reply(Mails.from(sender, "Alex").header("In-Reply-To", forged).subject("No tag here").text("Forged thread."));
        assertThat(row(id).get("outcome")).isEqualTo("TICKET_CREATED");
        assertThat(row(id).get("ticket_id")).isNotEqualTo(ticket);
    }

    @Test
    void anOutOfOfficeAndABounceOpenNothingAndSendNothing() {
        byte[] oof = Mails.sample("exchange-out-of-office.eml", domain);
        deliver(oof);
        Map<String, Object> ignored = rowOf(oof);
        assertThat(ignored.get("outcome")).isEqualTo("AUTO_IGNORED");
        assertThat(ignored.get("ticket_id")).isNull();

        String forgedReport = "about-nothing." + UUID.randomUUID();
        byte[] forged = new String(Mails.sample("postfix-dsn-bounce.eml", domain), StandardCharsets.UTF_8).replace("GMR@", forgedReport + "@")
                .getBytes(StandardCharsets.UTF_8);
        deliver(forged);
        assertThat(rowOf(forged).get("outcome")).isEqualTo("BOUNCE");
        assertThat((String) rowOf(forged).get("reason")).contains("so none is marked");
        assertThat(events.stream(MailBounced.class).filter(b -> b.address().equals("gone.user@" + domain))).as("a report anyone could write").isEmpty();

        String sent = TenantContext.callAsSystem(() -> new TransactionTemplate(transactions).execute(s -> outbox.enqueue(new OutgoingMail(null, null,
                "TEST", "gone.user@" + domain, "", "[T-17] Your ticket was received", "Hello", null, null, List.of(), true))));
        byte[] dsn = new String(Mails.sample("postfix-dsn-bounce.eml", domain), StandardCharsets.UTF_8)
                .replace("<t.0123456789abcdef0123456789abcdef.0011223344556677.00112233445566778899aabbccddeeff@msp.example>", sent)
                .getBytes(StandardCharsets.UTF_8);
        // A report quoting a real Steward Message-ID but naming another recipient marks nobody: that mail never went there.
        byte[] misdirected = new String(dsn, StandardCharsets.UTF_8).replace("gone.user@" + domain, sender)
                .replace("5f8a2b10.", "misdirected.").getBytes(StandardCharsets.UTF_8);
        deliver(misdirected);
        assertThat((String) rowOf(misdirected).get("reason")).contains("so none is marked");
        assertThat(events.stream(MailBounced.class).filter(b -> b.address().equalsIgnoreCase(sender))).isEmpty();
        deliver(dsn);
        Map<String, Object> bounce = rowOf(dsn);
        assertThat(bounce.get("outcome")).isEqualTo("BOUNCE");
        assertThat(bounce.get("ticket_id")).isNull();
        assertThat(events.stream(MailBounced.class).filter(b -> b.address().equals("gone.user@" + domain)))
                .singleElement().satisfies(b -> assertThat(b.reason()).contains("5.1.1"));

        assertThat(outboxRowsTo(sender)).isZero();
        assertThat(outboxRowsTo("gone.user@" + domain)).as("only the mail the bounce is about").isEqualTo(1);
        assertThat(outboxRowsTo("mailer-daemon@googlemail.com")).isZero();
        assertThat(ticketsOfClient()).isZero();
    }

    @Test
    void aSpoofedSenderWithoutAnAlignedDmarcPassGoesToTriage() {
        byte[] spoofed = Mails.sample("forwarded-spoofed-dmarc-fail.eml", domain);
        deliver(spoofed);
        Map<String, Object> r = rowOf(spoofed);
        assertThat(r.get("outcome")).isEqualTo("TRIAGE");
        assertThat((String) r.get("reason")).contains("dmarc=fail");
        assertThat(r.get("ticket_id")).isNull();
        assertThat(r.get("client_id")).as("shown to the staff of the client the sender claims to be of").isEqualTo(UUID.fromString(clientId));

        byte[] twoHosts = Mails.sample("two-hosts-authentication-results.eml", domain);
        deliver(twoHosts);
        assertThat(rowOf(twoHosts).get("outcome")).isEqualTo("TRIAGE");

        String misaligned = "<m." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from(sender, "Alex").dmarcPass(MX, "attacker.example").messageId(misaligned).text("pay here").bytes());
        assertThat(row(misaligned).get("outcome")).isEqualTo("TRIAGE");
        assertThat(ticketsOfClient()).isZero();
    }

    @Test
    void anUnknownSenderGoesToTriageAndIsOpenedFromThereIntoATicket() {
        String stranger = "new.person@" + domain;
        String id = "<u." + UUID.randomUUID() + "@" + domain + ">";
        byte[] raw = Mails.from(stranger, "New Person").dmarcPass(MX, domain).messageId(id).subject("Can you help?").text("We are new here.")
                .attach("notes.txt", "text/plain", "some notes".getBytes(StandardCharsets.UTF_8)).bytes();
        deliver(raw);
        Map<String, Object> r = row(id);
        assertThat(r).containsEntry("outcome", "TRIAGE").containsEntry("reason", "unknown sender");
        assertThat(r.get("client_id")).isNull();
        String mailId = r.get("id").toString();

        Http admin = adminApi();
        assertThat(admin.getJson("/api/v1/inbound-mail?status=TRIAGE").body()).contains(mailId);
        assertThat(admin.getJson("/api/v1/inbound-mail?status=NOPE").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> download = admin.sendBytes(admin.builder("/api/v1/inbound-mail/" + mailId + "/raw").GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(raw);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

        HttpResponse<String> missingName = admin.json("POST", "/api/v1/inbound-mail/" + mailId + "/open-ticket", "{\"clientId\":\"" + clientId + "\"}");
        assertThat(missingName.statusCode()).isEqualTo(400);
        assertThat(missingName.body()).contains("contactId");

        HttpResponse<String> opened = admin.json("POST", "/api/v1/inbound-mail/" + mailId + "/open-ticket",
                "{\"clientId\":\"" + clientId + "\",\"firstName\":\"New\",\"lastName\":\"Person\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(jsonString(opened.body(), "outcome")).isEqualTo("TICKET_CREATED");
        UUID ticket = UUID.fromString(jsonString(opened.body(), "ticketId"));
        Map<String, Object> t = ticket(ticket);
        assertThat(t).containsEntry("source", "EMAIL").containsEntry("title", "Can you help?").containsEntry("client_id", UUID.fromString(clientId));
        assertThat(system(() -> jdbc.sql("SELECT email FROM contact WHERE id = ?").param(t.get("requester_id")).query(String.class).single()))
                .isEqualTo(stranger);
        assertThat(admin.getJson("/api/v1/tickets/" + ticket + "/attachments").body()).contains("notes.txt");
        assertThat(admin.json("POST", "/api/v1/inbound-mail/" + mailId + "/discard", "").statusCode()).as("handled already").isEqualTo(409);

        String second = "<u2." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from("someone.else@" + domain, "Else").dmarcPass(MX, domain).messageId(second).text("Me too.").bytes());
        String secondId = row(second).get("id").toString();
        HttpResponse<String> noNumber = admin.json("POST", "/api/v1/inbound-mail/" + secondId + "/attach", "{}");
        assertThat(noNumber.statusCode()).isEqualTo(400);
        assertThat(noNumber.body()).contains("ticketNumber");
        HttpResponse<String> added = admin.json("POST", "/api/v1/inbound-mail/" + secondId + "/attach", "{\"ticketNumber\":" + t.get("number") + "}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(jsonString(added.body(), "outcome")).isEqualTo("REPLY_ADDED");
        assertThat(system(() -> jdbc.sql("SELECT body FROM ticket_event WHERE ticket_id = ? AND kind = 'INTERNAL_NOTE'").param(ticket)
                .query(String.class).list())).singleElement().asString().contains("someone.else@" + domain).contains("Me too.");

        String third = "<u3." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from("spam@" + domain, "Spam").messageId(third).text("Buy now.").bytes());
        String thirdId = row(third).get("id").toString();
        HttpResponse<String> discarded = admin.json("POST", "/api/v1/inbound-mail/" + thirdId + "/discard", "");
        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(jsonString(discarded.body(), "outcome")).isEqualTo("DISCARDED");
        assertThat(row(third).get("raw")).as("kept").isNotNull();
    }

    @Test
    void anOversizedMailIsKeptAndItsSenderAnswered() {
        String id = "<big." + UUID.randomUUID() + "@" + domain + ">";
        StringBuilder body = new StringBuilder(26 * 1024 * 1024 + 100);
        String line = "x".repeat(76) + "\r\n";
        while (body.length() < 25 * 1024 * 1024 + 10) {
            body.append(line);
        }
        byte[] raw = ("Authentication-Results: " + MX + "; dmarc=pass header.from=" + domain + "\r\nFrom: Alex Example <" + sender
                + ">\r\nTo: support@msp.example\r\nSubject: Huge scan\r\nMessage-ID: " + id
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        // The same from a forged, unproven sender is kept too, but answering it would be backscatter.
        String forgedId = "<big-forged." + UUID.randomUUID() + "@" + domain + ">";
        String stranger = "someone." + UUID.randomUUID().toString().substring(0, 8) + "@elsewhere.example";
        deliver(("From: <" + stranger + ">\r\nTo: support@msp.example\r\nSubject: Huge scan\r\nMessage-ID: " + forgedId
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        assertThat(row(forgedId).get("outcome")).isEqualTo("TOO_LARGE");
        assertThat((String) row(forgedId).get("reason")).contains("not answered");
        assertThat(outboxRowsTo(stranger)).isZero();
        deliver(raw);
        Map<String, Object> r = row(id);
        assertThat(r.get("outcome")).isEqualTo("TOO_LARGE");
        assertThat(((byte[]) r.get("raw")).length).isEqualTo(raw.length);
        Map<String, Object> answer = system(() -> jdbc.sql("SELECT kind, automatic, in_reply_to, text_body FROM mail_outbox WHERE recipient = ?")
                .param(sender).query().singleRow());
        assertThat(answer).containsEntry("kind", "INBOUND_TOO_LARGE").containsEntry("automatic", true).containsEntry("in_reply_to", id);
        assertThat((String) answer.get("text_body")).contains("26 MB").contains("25 MB");
    }

    @Test
    void theSameMailTwiceIsProcessedOnce() {
        String id = "<twice." + UUID.randomUUID() + "@" + domain + ">";
        byte[] raw = Mails.from(sender, "Alex").dmarcPass(MX, domain).messageId(id).subject("Once").text("Only once.").bytes();
        deliver(raw);
        deliver(raw);
        byte[] noId = new String(Mails.from(sender, "Alex").dmarcPass(MX, domain).subject("No id").text("Still once.").bytes(), StandardCharsets.UTF_8)
                .replaceAll("(?m)^Message-ID:.*\r\n", "").getBytes(StandardCharsets.UTF_8);
        deliver(noId);
        deliver(noId);
        assertThat(system(() -> jdbc.sql("SELECT count(*) FROM inbound_mail WHERE mailbox_id = ?").param(mailbox).query(Long.class).single()))
                .isEqualTo(2L);
        assertThat(ticketsOfClient()).isEqualTo(2L);
        assertThat(rowOf(noId).get("message_id")).isNull();

        UUID first = mailbox;
        mailbox = UUID.randomUUID();
        deliver(raw);
        assertThat(row(id).get("outcome")).as("the same mail sent to a second mailbox of the MSP").isEqualTo("DUPLICATE");
        assertThat(row(id).get("ticket_id")).isNull();
        assertThat(system(() -> jdbc.sql("SELECT count(*) FROM inbound_mail WHERE mailbox_id IN (?, ?)").params(first, mailbox).query(Long.class).single()))
                .isEqualTo(3L);
    }

    @Test
    void unreadableMailAndSendersOverTheLimitAreKeptWithTheReason() {
        String stranger = "loop@" + domain;
        String last = null;
        for (int i = 0; i <= 30; i++) {
            last = "<loop." + i + "." + UUID.randomUUID() + "@" + domain + ">";
            deliver(Mails.from(stranger, "Loop").messageId(last).text("mail " + i).bytes());
        }
        assertThat(row(last)).containsEntry("outcome", "RATE_LIMITED");
        assertThat((String) row(last).get("reason")).contains("more than 30 mails");

        byte[] garbage = ("From: " + sender + "\r\nMessage-ID: <bad." + UUID.randomUUID() + "@x>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=x-no-such-charset-at-all\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII);
        deliver(garbage);
        Map<String, Object> failed = rowOf(garbage);
        assertThat(failed.get("outcome")).isEqualTo("FAILED");
        assertThat((String) failed.get("reason")).isNotBlank();
    }

    @Test
    void staffOutsideTheClientsScopeNeitherSeeNorActOnItsTriage() {
        byte[] spoofed = Mails.sample("forwarded-spoofed-dmarc-fail.eml", domain);
        deliver(spoofed);
        String ofMyClient = rowOf(spoofed).get("id").toString();
        String unknown = "<nobody." + UUID.randomUUID() + "@" + domain + ">";
        deliver(Mails.from("nobody@" + domain, "Nobody").messageId(unknown).text("?").bytes());
        String ofNobody = row(unknown).get("id").toString();

        Http scoped = signedIn(DemoLogins.SCOPED);
        for (String id : List.of(ofMyClient, ofNobody)) {
            assertThat(scoped.getJson("/api/v1/inbound-mail/" + id).statusCode()).isEqualTo(404);
            assertThat(scoped.get("/api/v1/inbound-mail/" + id + "/raw").statusCode()).isEqualTo(404);
            assertThat(scoped.json("POST", "/api/v1/inbound-mail/" + id + "/discard", "").statusCode()).isEqualTo(404);
            assertThat(scoped.json("POST", "/api/v1/inbound-mail/" + id + "/open-ticket", "{\"clientId\":\"" + clientId + "\",\"firstName\":\"A\","
                    + "\"lastName\":\"B\"}").statusCode()).isEqualTo(404);
        }
        assertThat(scoped.getJson("/api/v1/inbound-mail?status=TRIAGE").body()).doesNotContain(ofMyClient).doesNotContain(ofNobody);
        assertThat(scoped.page("/servicedesk/mail")).doesNotContain(ofMyClient).doesNotContain(ofNobody);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).getJson("/api/v1/inbound-mail").statusCode()).as("staff only; a client user is told nothing exists")
                .isEqualTo(404);
        assertThat(row(unknown).get("outcome")).isEqualTo("TRIAGE");

        Http admin = admin();
        String page = admin.page("/servicedesk/mail");
        assertThat(page).contains(ofMyClient).contains(ofNobody).contains("dmarc=fail");
        HttpResponse<String> opened = admin.postForm("/servicedesk/mail/" + ofMyClient + "/open-ticket", Map.of("clientId", clientId));
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(rowOf(spoofed).get("outcome")).as("the sender is the client's contact already: no names needed").isEqualTo("TICKET_CREATED");
        assertThat(ticket((UUID) rowOf(spoofed).get("ticket_id")).get("requester_id")).isEqualTo(UUID.fromString(contactId));
        HttpResponse<String> discarded = admin.postForm("/servicedesk/mail/" + ofNobody + "/discard", Map.of());
        assertThat(discarded.statusCode()).isEqualTo(302);
        assertThat(row(unknown).get("outcome")).isEqualTo("DISCARDED");
        assertThat(row(unknown).get("handled_by")).isNotNull();
    }

    // ---- helpers

    private void deliver(byte[] raw) {
        deliver(raw, null);
    }

    private void deliver(byte[] raw, ClientId boundClient) {
        InboundMailArrived arrived = new InboundMailArrived(mailbox, "support@msp.example", boundClient, false, MX, raw, Instant.now());
        TenantContext.runAsSystem(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> publisher.publishEvent(arrived)));
    }

    /** Delivers a reply and answers its Message-ID. */
    private String reply(Mails.Builder mail) {
        String id = "<r." + UUID.randomUUID() + "@" + domain + ">";
        deliver(mail.dmarcPass(MX, domain).messageId(id).bytes());
        return id;
    }

    private Map<String, Object> row(String messageId) {
        return system(() -> jdbc.sql("SELECT * FROM inbound_mail WHERE mailbox_id = ? AND message_id = ?").params(mailbox, messageId).query().singleRow());
    }

    private Map<String, Object> rowOf(byte[] raw) {
        return system(() -> jdbc.sql("SELECT * FROM inbound_mail WHERE mailbox_id = ? AND sha256 = ?").params(mailbox, InboundMailPipeline.sha256(raw))
                .query().singleRow());
    }

    private Map<String, Object> ticket(UUID id) {
        return system(() -> jdbc.sql("SELECT number, client_id, requester_id, source, status, title, description FROM ticket WHERE id = ?").param(id)
                .query().singleRow());
    }

    private List<String> publicReplies(UUID ticket) {
        return system(() -> jdbc.sql("SELECT body FROM ticket_event WHERE ticket_id = ? AND kind = 'PUBLIC_REPLY' AND NOT staff ORDER BY id").param(ticket)
                .query(String.class).list());
    }

    private long ticketsOfClient() {
        return system(() -> jdbc.sql("SELECT count(*) FROM ticket WHERE client_id = ?").param(UUID.fromString(clientId)).query(Long.class).single());
    }

    private long outboxRowsTo(String address) {
        return system(() -> jdbc.sql("SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower(?)").param(address).query(Long.class).single());
    }

    private void resolve(UUID ticket) {
        int version = system(() -> jdbc.sql("SELECT version FROM ticket WHERE id = ?").param(ticket).query(Integer.class).single());
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/tickets/" + ticket + "/status", "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Fixed.\"}",
                Map.of("If-Match", "\"" + version + "\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String contact(String client, String first, String last, String email) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients/" + client + "/contacts",
                "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\"" + email + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private static <T> T system(java.util.function.Supplier<T> work) {
        return TenantContext.callAsSystem(work);
    }
}
