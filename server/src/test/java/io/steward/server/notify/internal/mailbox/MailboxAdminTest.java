package io.steward.server.notify.internal.mailbox;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.server.platform.SecretBox;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Mailbox settings: secrets sealed and never shown, bad input answered field by field, admins only. */
class MailboxAdminTest extends MailServerSupport {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretBox secrets;
    @Autowired
    MailboxRepository repository;

    @Test
    void secretsAreStoredSealedAndNeverAppearInAnswersOrPages() {
        String password = "pw-" + UUID.randomUUID();
        String clientSecret = "cs-" + UUID.randomUUID();
        String refresh = "rt-" + UUID.randomUUID();
        String id = mailbox("""
                {"name":"Sealed %s","address":"help@msp.test","host":"imap.msp.test","port":993,"security":"TLS","auth":"PASSWORD",
                 "username":"help@msp.test","password":"%s","oauthClientSecret":"%s","oauthRefreshToken":"%s"}"""
                .formatted(UUID.randomUUID(), password, clientSecret, refresh));

        String row = jdbc.sql("SELECT row_to_json(m)::text FROM mailbox m WHERE id = ?").param(UUID.fromString(id)).query(String.class).single();
        assertThat(row).doesNotContain(password).doesNotContain(clientSecret).doesNotContain(refresh);
        Map<String, Object> sealed = jdbc.sql("SELECT password_sealed, oauth_client_secret_sealed, oauth_refresh_token_sealed FROM mailbox WHERE id = ?")
                .param(UUID.fromString(id)).query().singleRow();
        assertThat(secrets.open((String) sealed.get("password_sealed"))).isEqualTo(password);
        assertThat(secrets.open((String) sealed.get("oauth_client_secret_sealed"))).isEqualTo(clientSecret);
        assertThat(secrets.open((String) sealed.get("oauth_refresh_token_sealed"))).isEqualTo(refresh);

        HttpResponse<String> one = adminApi().getJson("/api/v1/mailboxes/" + id);
        String etag = one.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> put = adminApi().json("PUT", "/api/v1/mailboxes/" + id, """
                {"name":"Sealed again %s","address":"help@msp.test","host":"imap.msp.test","port":993,"security":"TLS","auth":"PASSWORD",
                 "username":"help@msp.test","password":""}""".formatted(UUID.randomUUID()), Map.of("If-Match", etag));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String changed = put.body();
        assertThat(changed).contains("Sealed again").contains("\"version\":1");
        assertThat(secrets.open(jdbc.sql("SELECT password_sealed FROM mailbox WHERE id = ?").param(UUID.fromString(id)).query(String.class).single()))
                .as("a blank password keeps the stored one").isEqualTo(password);
        for (String answer : new String[] {one.body(), changed, adminApi().getJson("/api/v1/mailboxes").body(), status(id),
                admin().page("/settings/mailboxes/" + id), admin().page("/settings/mailboxes/" + id + "/edit"), admin().page("/settings/mailboxes")}) {
            assertThat(answer).doesNotContain(password).doesNotContain(clientSecret).doesNotContain(refresh).doesNotContain("sealed");
        }
        assertThat(one.body()).contains("\"passwordSet\":true").contains("\"refreshTokenSet\":true");
        String audit = adminApi().getJson("/api/v1/audit?action=mailbox.updated").body();
        assertThat(audit).doesNotContain(password);

        // Another server must be given the password anew: the stored one goes only where it was typed for.
        HttpResponse<String> moved = adminApi().json("PUT", "/api/v1/mailboxes/" + id, """
                {"name":"Moved %s","address":"help@msp.test","host":"imap.attacker.test","port":993,"security":"TLS","auth":"PASSWORD",
                 "username":"help@msp.test","password":""}""".formatted(UUID.randomUUID()), Map.of("If-Match", put.headers().firstValue("ETag").orElseThrow()));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
        assertThat(moved.body()).contains("\"field\":\"password\"").contains("server changed");
        assertThat(jdbc.sql("SELECT host FROM mailbox WHERE id = ?").param(UUID.fromString(id)).query(String.class).single()).isEqualTo("imap.msp.test");
    }

    @Test
    void badInputIsAnsweredWithProblemDetailsPerField() {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/mailboxes", """
                {"name":"Bad","address":"not an address","host":"https://imap.msp.test/x","port":70000,"security":"TLS","auth":"PASSWORD",
                 "username":"u","password":"p"}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"field\":\"address\"").contains("\"field\":\"host\"").contains("\"field\":\"port\"")
                .contains("A port is between 1 and 65535.");

        HttpResponse<String> plain = adminApi().json("POST", "/api/v1/mailboxes", """
                {"name":"Plain %s","address":"a@msp.test","host":"imap.msp.test","port":143,"security":"NONE","auth":"PASSWORD",
                 "username":"u","password":"p"}""".formatted(UUID.randomUUID()));
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("\"field\":\"plaintextAllowed\"");

        HttpResponse<String> oauth = adminApi().json("POST", "/api/v1/mailboxes", """
                {"name":"OAuth %s","address":"a@msp.test","host":"imap.msp.test","port":993,"security":"TLS","auth":"XOAUTH2",
                 "username":"u","oauthTokenEndpoint":"https://login.example/token","oauthClientId":"app"}""".formatted(UUID.randomUUID()));
        assertThat(oauth.statusCode()).isEqualTo(400);
        assertThat(oauth.body()).contains("\"field\":\"oauthRefreshToken\"");
    }

    @Test
    void theFormCreatesAMailboxAndTheTestButtonSaysWhatItFound() throws Exception {
        String address = account("form-pw");
        Http admin = admin();
        admin.page("/settings/mailboxes/new");
        String name = "Form " + UUID.randomUUID();
        HttpResponse<String> saved = admin.postForm("/settings/mailboxes", Map.ofEntries(Map.entry("name", name), Map.entry("address", address),
                Map.entry("host", "127.0.0.1"), Map.entry("port", String.valueOf(imapPort())), Map.entry("security", "NONE"),
                Map.entry("plaintextAllowed", "true"), Map.entry("auth", "PASSWORD"), Map.entry("username", address), Map.entry("password", "form-pw"),
                Map.entry("folder", "INBOX"), Map.entry("trustedAuthServId", "mx.mail.test")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String location = saved.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        made(id);
        assertThat(admin.page("/settings/mailboxes")).contains(name);

        String tested = admin.postForm("/settings/mailboxes/" + id + "/test", Map.of()).body();
        assertThat(tested).contains("Connection works").contains("IDLE supported");
        String api = adminApi().json("POST", "/api/v1/mailboxes/" + id + "/test", null).body();
        assertThat(api).contains("\"ok\":true").contains("\"idleSupported\":true");

        String closed = mailbox(account("x"), "x", closedPort());
        String failed = adminApi().json("POST", "/api/v1/mailboxes/" + closed + "/test", null).body();
        assertThat(failed).contains("\"ok\":false").contains("Connect");

        HttpResponse<String> refused = admin.postForm("/settings/mailboxes", Map.of("name", "", "address", "x", "host", "h", "port", "0",
                "security", "TLS", "auth", "PASSWORD", "username", "u"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("A port is between 1 and 65535.").contains("id=\"address-error\"");
    }

    @Test
    void onlyMspAdminsSeeOrChangeMailboxes() {
        String id = mailbox("""
                {"name":"Private %s","address":"help@msp.test","host":"imap.msp.test","port":993,"security":"TLS","auth":"PASSWORD",
                 "username":"help@msp.test","password":"secret"}""".formatted(UUID.randomUUID()));
        for (String who : new String[] {DemoLogins.SCOPED, DemoLogins.TIER1, DemoLogins.MANAGER, DemoLogins.PORTAL_NORTHWIND}) {
            Http h = signedIn(who);
            assertThat(h.get("/settings/mailboxes").statusCode()).as(who).isIn(403, 404);
            assertThat(h.get("/settings/mailboxes/" + id).statusCode()).as(who).isIn(403, 404);
            assertThat(h.getJson("/api/v1/mailboxes").statusCode()).as(who).isIn(403, 404);
            assertThat(h.getJson("/api/v1/mailboxes/" + id + "/status").statusCode()).as(who).isIn(403, 404);
            assertThat(h.json("POST", "/api/v1/mailboxes/" + id + "/test", null).statusCode()).as(who).isIn(403, 404);
            assertThat(h.json("DELETE", "/api/v1/mailboxes/" + id, null).statusCode()).as(who).isIn(403, 404);
        }
        assertThat(adminApi().getJson("/api/v1/mailboxes/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void oneNodeWatchesAMailboxUntilItsLeaseLapses() throws Exception {
        String id = mailbox(account("x"), "x", closedPort());
        UUID box = UUID.fromString(id);
        until(java.time.Duration.ofSeconds(20), "this node took the lease",
                () -> jdbc.sql("SELECT lease_owner IS NOT NULL FROM mailbox WHERE id = ?").param(box).query(Boolean.class).single());
        Instant now = Instant.now();
        assertThat(repository.lease(box, "another-node", now, now.plusSeconds(90))).as("held by this node").isFalse();
        Instant lapsed = jdbc.sql("SELECT lease_until FROM mailbox WHERE id = ?").param(box).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(repository.lease(box, "another-node", lapsed.plusSeconds(1), lapsed.plusSeconds(91))).as("free once it lapsed").isTrue();
        assertThat(repository.lease(box, "a-third-node", lapsed.plusSeconds(2), lapsed.plusSeconds(92))).isFalse();
    }
}
