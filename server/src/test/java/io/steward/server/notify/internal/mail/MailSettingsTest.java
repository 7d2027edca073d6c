package io.steward.server.notify.internal.mail;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail settings by API and by page (MSP admins only): texts per kind (change, check, preview, reset), the SMTP
 * status, the delivery log with "send again" for a failed mail, and the suppression list (bounces in, cleared by hand).
 */
class MailSettingsTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void theMspChangesAKindsTextsAndNewMailUsesThem() {
        String client = OwnData.client(adminApi(), "MailText");
        String email = "waits." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        String contact = jsonString(adminApi().json("POST", "/api/v1/clients/" + client + "/contacts",
                "{\"firstName\":\"Wally\",\"lastName\":\"Waits\",\"email\":\"" + email + "\"}").body(), "id");
        HttpResponse<String> list = adminApi().getJson("/api/v1/mail-templates");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"kind\":\"WAITING_ON_CLIENT\"", "\"audience\":\"CLIENT\"", "\"kind\":\"SLA_BREACHED\"", "\"audience\":\"STAFF\"");
        try {
            HttpResponse<String> put = adminApi().json("PUT", "/api/v1/mail-templates/WAITING_ON_CLIENT",
                    "{\"subject\":\"Over to you, {{requester.name}}\",\"body\":\"Please answer on {{ticket.reference}}: {{link}}\\n\\n{{msp.name}}\"}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).contains("\"custom\":true", "\"subject\":\"Over to you, {{requester.name}}\"");

            HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"requesterId\":\"" + contact
                    + "\",\"type\":\"INCIDENT\",\"title\":\"Need a detail\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
            String id = jsonString(t.body(), "id");
            assertThat(adminApi().json("PUT", "/api/v1/tickets/" + id + "/status", "{\"status\":\"WAITING_ON_CLIENT\"}",
                    Map.of("If-Match", t.headers().firstValue("ETag").orElseThrow())).statusCode()).isEqualTo(200);
            Map<String, Object> row = TenantContext.callAsSystem(() -> jdbc.sql(
                    "SELECT subject, text_body FROM mail_outbox WHERE ticket_id = ? AND kind = 'WAITING_ON_CLIENT'").param(UUID.fromString(id)).query().singleRow());
            assertThat((String) row.get("subject")).endsWith("] Over to you, Wally Waits");
            assertThat((String) row.get("text_body")).startsWith("Please answer on T-").contains("/portal/tickets/" + id);
        } finally {
            HttpResponse<String> reset = adminApi().json("DELETE", "/api/v1/mail-templates/WAITING_ON_CLIENT", null);
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(reset.body()).contains("\"custom\":false", "\"subject\":\"We need your answer: {{ticket.title}}\"");
        }
        assertThat(adminApi().getJson("/api/v1/mail-templates/WAITING_ON_CLIENT").body()).contains("\"custom\":false");
    }

    @Test
    void badTextsAreProblemsWithTheField() {
        HttpResponse<String> unknown = adminApi().json("PUT", "/api/v1/mail-templates/RESOLVED", "{\"subject\":\"Done\",\"body\":\"Hi {{password}}\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("\"field\":\"body\"", "{{password}}");
        HttpResponse<String> empty = adminApi().json("PUT", "/api/v1/mail-templates/RESOLVED", "{\"subject\":\"\",\"body\":\"x\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("\"field\":\"subject\"");
        assertThat(adminApi().getJson("/api/v1/mail-templates/NO_SUCH_KIND").statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/mail-templates/RESOLVED").body()).as("nothing stored").contains("\"custom\":false");
        assertThat(adminApi().getJson("/api/v1/mail/outbox?status=LOST").body()).contains("\"field\":\"status\"");
    }

    @Test
    void aPreviewEscapesAndNeverEvaluates() {
        HttpResponse<String> preview = adminApi().json("POST", "/api/v1/mail-templates/PUBLIC_REPLY/preview",
                "{\"subject\":\"Re: {{ticket.title}}\",\"body\":\"<script>alert(1)</script> ${7*7} [[${1+1}]]\\n\\n{{reply.text}}\"}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        tools.jackson.databind.JsonNode json = new tools.jackson.databind.ObjectMapper().readTree(preview.body());
        assertThat(json.get("subject").asString()).isEqualTo("Re: Printer on the 2nd floor does not print");
        assertThat(json.get("text").asString()).startsWith("<script>alert(1)</script> ${7*7} [[${1+1}]]");
        String html = json.get("html").asString();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; ${7*7} [[${1+1}]]", "We replaced the toner cartridge")
                .doesNotContain("<script>", " 49 ", "[[2]]");
    }

    @Test
    void onlyMspAdminsSeeTheMailSettings() {
        Http manager = signedIn(DemoLogins.MANAGER);
        assertThat(manager.getJson("/api/v1/mail-templates").statusCode()).isEqualTo(403);
        assertThat(manager.getJson("/api/v1/mail/outbox").statusCode()).isEqualTo(403);
        assertThat(manager.get("/settings/mail").statusCode()).isEqualTo(403);
        assertThat(manager.get("/settings/mail-templates").statusCode()).isEqualTo(403);
    }

    @Test
    void aFailedMailIsSentAgainAndABouncedAddressIsClearedByApi() {
        UUID failed = failedMail("retry." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example");
        HttpResponse<String> log = adminApi().getJson("/api/v1/mail/outbox?status=FAILED&limit=500");
        assertThat(log.body()).contains(failed.toString(), "gave up after 7 attempts");
        HttpResponse<String> retry = adminApi().json("POST", "/api/v1/mail/outbox/" + failed + "/retry", null);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(retry.body()).contains("\"status\":\"QUEUED\"", "\"attempts\":0");
        assertThat(adminApi().json("POST", "/api/v1/mail/outbox/" + failed + "/retry", null).statusCode()).as("only a failed one").isEqualTo(409);
        assertThat(adminApi().json("POST", "/api/v1/mail/outbox/" + UUID.randomUUID() + "/retry", null).statusCode()).isEqualTo(404);

        String bounced = "Gone." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        transactions.executeWithoutResult(s -> events.publishEvent(new MailBounced(bounced, "550 5.1.1 user unknown", Instant.now())));
        HttpResponse<String> list = adminApi().getJson("/api/v1/mail/suppressions");
        assertThat(list.body()).contains("\"address\":\"" + bounced.toLowerCase() + "\"", "550 5.1.1 user unknown");
        String path = "/api/v1/mail/suppressions/" + URLEncoder.encode(bounced, StandardCharsets.UTF_8);
        assertThat(adminApi().json("DELETE", path, null).statusCode()).isEqualTo(204);
        assertThat(adminApi().json("DELETE", path, null).statusCode()).isEqualTo(404);
        assertThat(adminApi().getJson("/api/v1/mail/suppressions").body()).doesNotContain(bounced.toLowerCase());
        assertThat(adminApi().getJson("/api/v1/mail/status").body()).contains("\"configured\":false", "\"FAILED\":");
    }

    @Test
    void thePagesShowStatusLogAndSuppressionsAndTheirActionsWork() {
        Http admin = admin();
        String address = "page." + UUID.randomUUID().toString().substring(0, 8) + "@clinic.example";
        UUID failed = failedMail(address);
        transactions.executeWithoutResult(s -> events.publishEvent(new MailBounced(address, "bounce report: mailbox full for good", Instant.now())));
        String page = admin.page("/settings/mail");
        assertThat(page).contains("id=\"smtp-not-configured\"", "STEWARD_NOTIFY_SMTP_HOST", address, "bounce report: mailbox full for good",
                "/settings/mail/outbox/" + failed + "/retry");
        assertThat(admin.postForm("/settings/mail/outbox/" + failed + "/retry", Map.of()).statusCode()).isEqualTo(302);
        assertThat(status(failed)).isEqualTo("QUEUED");
        assertThat(admin.postForm("/settings/mail/suppressions/clear", Map.of("address", address)).statusCode()).isEqualTo(302);
        assertThat(admin.page("/settings/mail")).doesNotContain("bounce report: mailbox full for good");

        assertThat(admin.page("/settings/mail-templates")).contains("Ticket received", "SLA breached (staff)");
        assertThat(admin.page("/settings/mail-templates/TICKET_CREATED")).contains("id=\"mail-preview\"", "{{ticket.title}}", "Dana Reyes");
        HttpResponse<String> bad = admin.postForm("/settings/mail-templates/TICKET_CREATED", Map.of("subject", "Hi", "body", "{{secret}}"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"body-error\"", "{{secret}}");
        assertThat(adminApi().getJson("/api/v1/mail-templates/TICKET_CREATED").body()).contains("\"custom\":false");
        HttpResponse<String> preview = admin.postForm("/settings/mail-templates/TICKET_CREATED",
                Map.of("subject", "Hello {{requester.name}}", "body", "Seen: {{ticket.title}}", "preview", "1"));
        assertThat(preview.body()).contains("id=\"preview-subject\">Hello Dana Reyes<", "Seen: Printer on the 2nd floor does not print");
        assertThat(adminApi().getJson("/api/v1/mail-templates/TICKET_CREATED").body()).as("a preview stores nothing").contains("\"custom\":false");
    }

    /** A mail of ours that failed for good, as the delivery leaves one after its last attempt. */
    private UUID failedMail(String to) {
        UUID id = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO mail_outbox (id, kind, recipient, subject, text_body, message_id, automatic, status, attempts, next_attempt_at, last_error, created_at)
                VALUES (?, 'TEST', ?, 'A failed test mail', 'text', ?, true, 'FAILED', 7, now(), 'gave up after 7 attempts: connection refused', now())""")
                .params(id, to, "<m.failed." + id + "@msp.example>").update());
        return id;
    }

    private String status(UUID id) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT status FROM mail_outbox WHERE id = ?").param(id).query(String.class).single());
    }
}
