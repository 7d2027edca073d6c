package io.steward.server.notify.internal.mail;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.internal.PreferenceRepository;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mails per event, through the real API: what the requester, the client's approvers and staff get, threaded per
 * ticket, with the [T-n] tag, never with internal notes, and staff mail only for kinds they keep on by email.
 */
class TicketMailTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboxDeliveryRepository deliveries;
    @Autowired
    SuppressionRepository suppressions;
    @Autowired
    ClientLogos logos;
    @Autowired
    PreferenceRepository preferences;
    @Autowired
    java.time.Clock clock;

    private String client;
    private String contactEmail;
    private String contactId;

    @BeforeEach
    void seed() {
        client = OwnData.client(adminApi(), "Mail");
        contactEmail = "dana." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + client + "/contacts",
                "{\"firstName\":\"Dana\",\"lastName\":\"Reyes\",\"email\":\"" + contactEmail + "\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        contactId = jsonString(contact.body(), "id");
    }

    @Test
    void theRequesterHearsOfTheirTicketInOneThreadAndNeverOfInternalNotes() throws Exception {
        HttpResponse<String> t = ticket("Scanner offline");
        String id = jsonString(t.body(), "id");
        long number = Long.parseLong(t.body().replaceAll("(?s).*\"number\":(\\d+).*", "$1"));
        List<Map<String, Object>> rows = clientMail(id);
        assertThat(rows).hasSize(1);
        Map<String, Object> created = rows.getFirst();
        assertThat(created).containsEntry("kind", "TICKET_CREATED").containsEntry("recipient", contactEmail).containsEntry("recipient_name", "Dana Reyes")
                .containsEntry("automatic", true);
        assertThat((String) created.get("subject")).isEqualTo("[T-" + number + "] We received your request: Scanner offline");
        assertThat((String) created.get("text_body")).contains("Hello Dana Reyes,", "T-" + number, "http://localhost:8080/portal/tickets/" + id);
        assertThat((String) created.get("html_body")).contains("Scanner offline", "href=\"http://localhost:8080/portal/tickets/" + id + "\"")
                .as("a client without a logo: no image").doesNotContain("<img");

        String etag = t.headers().firstValue("ETag").orElseThrow();
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"Secret: check their licence\",\"internal\":true}")
                .statusCode()).isEqualTo(200);
        assertThat(clientMail(id)).as("an internal note mails nobody on the client's side").hasSize(1);

        HttpResponse<String> replied = adminApi().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"We replaced the toner.\"}");
        assertThat(replied.statusCode()).isEqualTo(200);
        rows = clientMail(id);
        assertThat(rows).hasSize(2);
        Map<String, Object> reply = rows.get(1);
        assertThat(reply).containsEntry("kind", "PUBLIC_REPLY").containsEntry("automatic", false)
                .containsEntry("in_reply_to", created.get("message_id")).containsEntry("reference_ids", created.get("message_id"));
        assertThat((String) reply.get("subject")).isEqualTo("[T-" + number + "] Re: Scanner offline");
        assertThat((String) reply.get("text_body")).contains("We replaced the toner.");

        etag = adminApi().getJson("/api/v1/tickets/" + id).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> waiting = adminApi().json("PUT", "/api/v1/tickets/" + id + "/status", "{\"status\":\"WAITING_ON_CLIENT\"}", Map.of("If-Match", etag));
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(200);
        HttpResponse<String> resolved = adminApi().json("PUT", "/api/v1/tickets/" + id + "/status",
                "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Toner cartridge swapped, test page printed.\"}", Map.of("If-Match", waiting.headers().firstValue("ETag").orElseThrow()));
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        rows = clientMail(id);
        assertThat(rows).extracting(r -> r.get("kind")).containsExactly("TICKET_CREATED", "PUBLIC_REPLY", "WAITING_ON_CLIENT", "RESOLVED");
        Map<String, Object> last = rows.get(3);
        assertThat((String) last.get("text_body")).contains("Toner cartridge swapped, test page printed.",
                "reopen it here: http://localhost:8080/portal/tickets/" + id);
        assertThat(Arrays.asList(((String) last.get("reference_ids")).split(" ")))
                .containsExactly((String) rows.get(0).get("message_id"), (String) rows.get(1).get("message_id"), (String) rows.get(2).get("message_id"));
        for (Map<String, Object> r : rows) {
            assertThat((String) r.get("text_body") + r.get("html_body")).doesNotContain("Secret", "licence");
        assertThat(clientMail(id)).as("the resolution note, a public reply, is in the resolved mail, not in one more").hasSize(4);
        }

        // Delivered, the requester's mail program sees one conversation.
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        try {
            MailDelivery delivery = new MailDelivery(deliveries, suppressions, new NotifyProperties.Mail("desk@msp.example", "Desk", ""),
                    MailTestSupport.plain(server.getSmtp().getPort()), logos::of, clock);
            assertThat(delivery.pass(rows.stream().map(r -> (UUID) r.get("id")).toList()).sent()).isEqualTo(4);
            MimeMessage[] got = server.getReceivedMessages();
            assertThat(got).hasSize(4);
            MimeMessage resolvedMail = Arrays.stream(got).filter(m -> messageId(m).equals(last.get("message_id"))).findFirst().orElseThrow();
            assertThat(resolvedMail.getHeader("In-Reply-To", null)).isEqualTo(rows.get(2).get("message_id"));
            assertThat(resolvedMail.getHeader("References", null)).contains((String) created.get("message_id"));
            assertThat(resolvedMail.getSubject()).isEqualTo("[T-" + number + "] Resolved: Scanner offline");
        } finally {
            server.stop();
        }
    }

    @Test
    void theClientsMailShowsItsLogoInline() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(120, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        var put = adminApi().send(adminApi().builder("/api/v1/clients/" + client + "/logo").PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))
                .header("Content-Type", "image/png").header("Accept", "application/json"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String id = jsonString(ticket("Logo please").body(), "id");
        Map<String, Object> created = clientMail(id).getFirst();
        assertThat((String) created.get("html_body")).contains("src=\"cid:client-logo\"");

        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        try {
            MailDelivery delivery = new MailDelivery(deliveries, suppressions, new NotifyProperties.Mail("desk@msp.example", "Desk", ""),
                    MailTestSupport.plain(server.getSmtp().getPort()), logos::of, clock);
            assertThat(delivery.pass(List.of((UUID) created.get("id"))).sent()).isEqualTo(1);
            MimeMessage got = server.getReceivedMessages()[0];
            assertThat(got.getContentType()).startsWith("multipart/related");
            jakarta.mail.internet.MimeMultipart related = (jakarta.mail.internet.MimeMultipart) got.getContent();
            assertThat(related.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
            jakarta.mail.internet.MimeBodyPart logo = (jakarta.mail.internet.MimeBodyPart) related.getBodyPart(1);
            assertThat(logo.getContentID()).isEqualTo("<client-logo>");
            assertThat(logo.getContentType()).startsWith("image/png");
            assertThat(logo.getInputStream().readAllBytes()).isEqualTo(png.toByteArray());
        } finally {
            server.stop();
        }
    }

    @Test
    void aTitleIsTextNeverATemplate() {
        String title = "{{link}} ${7*7} [[${T(java.lang.Runtime).getRuntime()}]] <b>bold</b>";
        String id = jsonString(ticket(title.replace("\"", "\\\"")).body(), "id");
        Map<String, Object> created = clientMail(id).getFirst();
        assertThat((String) created.get("subject")).endsWith("We received your request: " + title);
        assertThat((String) created.get("text_body")).contains("\"" + title + "\"");
        assertThat((String) created.get("html_body")).contains("{{link}} ${7*7} [[${T(java.lang.Runtime).getRuntime()}]] &lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain("<b>bold</b>", "We received your request: 49");
    }

    @Test
    void aContactWithoutEmailGetsNoMail() {
        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + client + "/contacts", "{\"firstName\":\"No\",\"lastName\":\"Mail\"}");
        String id = jsonString(adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"requesterId\":\"" + jsonString(contact.body(), "id")
                + "\",\"type\":\"INCIDENT\",\"title\":\"No address\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}").body(), "id");
        assertThat(clientMail(id)).isEmpty();
    }

    @Test
    void theClientsPortalUsersHearThatAChangeAwaitsTheirApproval() {
        String portalEmail = "approver." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        HttpResponse<String> user = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + portalEmail
                + "\",\"displayName\":\"Pat Approver\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"CHANGE\",\"title\":\"Replace the firewall\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"}");
        String id = jsonString(created.body(), "id");
        assertThat(adminApi().json("PUT", "/api/v1/tickets/" + id + "/change/plan",
                "{\"risk\":\"LOW\",\"implementationPlan\":\"Swap\",\"backoutPlan\":\"Swap back\",\"approvalsRequired\":1}").statusCode()).isEqualTo(200);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + id + "/change/submit", null).statusCode()).isEqualTo(200);
        List<Map<String, Object>> rows = clientMail(id);
        assertThat(rows).extracting(r -> r.get("kind"), r -> r.get("recipient")).containsExactly(org.assertj.core.groups.Tuple.tuple("CHANGE_APPROVAL", portalEmail));
        assertThat((String) rows.getFirst().get("text_body")).contains("Hello Pat Approver,", "Replace the firewall", "awaits your approval",
                "/portal/tickets/" + id);
    }

    @Test
    void staffGetMailForTheKindsTheyKeepOnByEmail() {
        UUID wants = technician();
        UUID declines = technician();
        TenantContext.runAsSystem(() -> preferences.save(new UserId(declines), "ASSIGNED", new PreferenceRepository.Choice(true, false)));
        HttpResponse<String> t = ticket("Printer jam");
        String id = jsonString(t.body(), "id");
        HttpResponse<String> first = assign(id, wants, t.headers().firstValue("ETag").orElseThrow());
        assign(id, declines, first.headers().firstValue("ETag").orElseThrow());
        List<Map<String, Object>> staff = TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT recipient, subject, text_body FROM mail_outbox WHERE ticket_id = ? AND kind = 'STAFF_ASSIGNED'").param(UUID.fromString(id)).query().listOfRows());
        assertThat(staff).extracting(r -> r.get("recipient")).containsExactly(email(wants));
        assertThat((String) staff.getFirst().get("subject")).startsWith("[T-").contains("Assigned to you: T-", "Printer jam");
        assertThat((String) staff.getFirst().get("text_body")).contains("http://localhost:8080/tickets/" + id, "by email in your notification settings");
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM notification WHERE ticket_id = ? AND kind = 'ASSIGNED'")
                .param(UUID.fromString(id)).query(Long.class).single())).as("both still get it in the app").isEqualTo(2);
    }

    @Test
    void theReportsPortalRecipientsHearItIsReady() {
        String portalEmail = "reports." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        HttpResponse<String> user = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + portalEmail
                + "\",\"displayName\":\"Rita Reader\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + client + "\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        HttpResponse<String> settings = adminApi().json("PUT", "/api/v1/clients/" + client + "/report-settings",
                "{\"currency\":\"EUR\",\"slaComplianceTargetPct\":95,\"recipients\":[\"" + jsonString(user.body(), "id") + "\"]}", Map.of("If-Match", "\"0\""));
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        String month = java.time.YearMonth.now(clock).minusMonths(1).toString();
        // The client existed in that month (a client made now has no report for a month before it).
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE client SET created_at = created_at - interval '70 days' WHERE id = ?").param(UUID.fromString(client)).update());
        HttpResponse<String> stored = adminApi().json("POST", "/api/v1/clients/" + client + "/stored-reports/" + month, null);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        List<Map<String, Object>> rows = TenantContext.callAsSystem(() -> jdbc.sql("SELECT * FROM mail_outbox WHERE client_id = ? AND kind = 'REPORT_READY'")
                .param(UUID.fromString(client)).query().listOfRows());
        assertThat(rows).extracting(r -> r.get("recipient")).containsExactly(portalEmail);
        assertThat((String) rows.getFirst().get("subject")).isEqualTo("Your service report for " + month + " is ready");
        assertThat((String) rows.getFirst().get("text_body")).contains("Hello Rita Reader,", "http://localhost:8080/portal/reports/" + month);
    }

    private HttpResponse<String> ticket(String title) {
        HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"requesterId\":\"" + contactId
                + "\",\"type\":\"INCIDENT\",\"title\":\"" + title + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return t;
    }

    private HttpResponse<String> assign(String ticket, UUID who, String etag) {
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/tickets/" + ticket + "/assignee", "{\"assigneeId\":\"" + who + "\"}", Map.of("If-Match", etag));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private UUID technician() {
        String email = "tech." + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Tech Mailer\",\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[\"" + client + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(jsonString(created.body(), "id"));
    }

    private String email(UUID user) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT email FROM app_user WHERE id = ?").param(user).query(String.class).single());
    }

    private List<Map<String, Object>> clientMail(String ticket) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                SELECT * FROM mail_outbox WHERE ticket_id = ? AND kind IN ('TICKET_CREATED', 'PUBLIC_REPLY', 'WAITING_ON_CLIENT', 'RESOLVED', 'CHANGE_APPROVAL')
                ORDER BY created_at""").param(UUID.fromString(ticket)).query().listOfRows());
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getHeader("Message-ID", null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
