package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Attachments are stored under server-made names, served only as downloads, and bounded in size. */
class AttachmentsTest extends IntegrationTest {

    private String ticketOf(String client) {
        return jsonString(adminApi().getJson("/api/v1/tickets?status=all&q=&clientId="
                + jsonString(adminApi().getJson("/api/v1/clients?q=" + client).body(), "id")).body(), "id");
    }

    @Test
    void aHostileFileIsStoredUnderAServerNameAndOnlyEverDownloaded() throws Exception {
        String ticket = ticketOf("Northwind");
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes();
        HttpResponse<String> up = adminApi().upload("/api/v1/tickets/" + ticket + "/attachments", "../../../etc/evil.html", html);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = jsonString(up.body(), "id");
        assertThat(up.body()).contains("\"fileName\":\"evil.html\"", "\"sizeBytes\":" + html.length);
        Path stored = home().resolve("attachments").resolve(id);
        assertThat(Files.readAllBytes(stored)).isEqualTo(html);
        assertThat(UUID.fromString(stored.getFileName().toString())).isNotNull();

        HttpResponse<String> down = adminApi().getJson("/api/v1/tickets/" + ticket + "/attachments/" + id);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        assertThat(down.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("evil.html");
        assertThat(down.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(down.body()).isEqualTo(new String(html));
    }

    @Test
    void sizeAndEmptinessAreChecked() {
        String ticket = ticketOf("Alpine");
        HttpResponse<String> big = adminApi().upload("/api/v1/tickets/" + ticket + "/attachments", "big.bin", new byte[11 * 1024 * 1024]);
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> empty = adminApi().upload("/api/v1/tickets/" + ticket + "/attachments", "empty.txt", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    void thePortalAttachesToItsOwnTicketsThroughThePage() {
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        String ticket = jsonString(portal.getJson("/api/v1/tickets?status=all").body(), "id");
        portal.page("/portal/tickets/" + ticket);
        HttpResponse<String> up = portal.upload("/portal/tickets/" + ticket + "/attachments?_csrf=" + portal.csrf(), "screenshot.png", new byte[] {9, 9});
        assertThat(up.statusCode()).isEqualTo(302);
        assertThat(portal.page("/portal/tickets/" + ticket)).contains("screenshot.png");
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticket + "/attachments").body()).contains("screenshot.png");
    }
}
