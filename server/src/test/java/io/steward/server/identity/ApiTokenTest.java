package io.steward.server.identity;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Personal API tokens: shown once, stored hashed, scoped, expiring, revocable, and tamper-proof. */
class ApiTokenTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void forgetFailures() {
        jdbc.sql("DELETE FROM login_throttle").update();
    }

    private String createToken(Http session, String access, int days) {
        HttpResponse<String> r = session.json("POST", "/api/v1/me/tokens",
                "{\"name\":\"test " + access + "\",\"access\":\"" + access + "\",\"expiresInDays\":" + days + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "secret");
    }

    @Test
    void aReadOnlyTokenReadsButCannotWrite() {
        String token = createToken(signedIn(DemoLogins.MANAGER), "READ_ONLY", 7);
        Http api = http().bearer(token);
        assertThat(api.getJson("/api/v1/clients").statusCode()).isEqualTo(200);
        HttpResponse<String> write = api.json("POST", "/api/v1/clients", "{\"name\":\"RO Corp\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(write.body()).contains("read-only");
    }

    @Test
    void theSecretIsStoredOnlyAsAHash() {
        String token = createToken(signedIn(DemoLogins.MANAGER), "READ_WRITE", 7);
        long plain = jdbc.sql("SELECT count(*) FROM api_token WHERE token_hash = ? OR prefix = ?").params(token, token).query(Long.class).single();
        assertThat(plain).isZero();
        assertThat(http().bearer(token).getJson("/api/v1/me").body()).contains(DemoLogins.MANAGER);
    }

    @Test
    void tamperedRevokedAndExpiredTokensAreRefused() {
        Http session = signedIn(DemoLogins.MANAGER);
        String token = createToken(session, "READ_WRITE", 7);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(http().bearer(tampered).getJson("/api/v1/clients").statusCode()).isEqualTo(401);
        assertThat(http().bearer("stw_").getJson("/api/v1/clients").statusCode()).isEqualTo(401);
        assertThat(http().bearer("x".repeat(5000)).getJson("/api/v1/clients").statusCode()).isEqualTo(401);

        String id = jdbc.sql("SELECT id::text FROM api_token WHERE token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")
                .param(token).query(String.class).single();
        HttpResponse<String> revoked = session.json("DELETE", "/api/v1/me/tokens/" + id, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(http().bearer(token).getJson("/api/v1/clients").statusCode()).isEqualTo(401);

        String expiring = createToken(session, "READ_WRITE", 1);
        jdbc.sql("UPDATE api_token SET expires_at = now() - interval '1 minute' WHERE token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")
                .param(expiring).update();
        assertThat(http().bearer(expiring).getJson("/api/v1/clients").statusCode()).isEqualTo(401);
    }

    @Test
    void tokenLifetimeIsBoundedAndValidated() {
        Http session = signedIn(DemoLogins.MANAGER);
        HttpResponse<String> r = session.json("POST", "/api/v1/me/tokens", "{\"name\":\"forever\",\"access\":\"READ_WRITE\",\"expiresInDays\":400}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("expiresInDays");
        HttpResponse<String> bad = session.json("POST", "/api/v1/me/tokens", "{\"name\":\"\",\"access\":\"ROOT\",\"expiresInDays\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void guessingTokensGets429FromTheSameAddress() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 40; i++) {
            last = http().bearer("stw_guess" + i).getJson("/api/v1/clients");
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        // Even a valid token is refused while the address is blocked.
        assertThat(adminApi().getJson("/api/v1/clients").statusCode()).isEqualTo(429);
    }

    @Test
    void theTokenPageCreatesAndShowsTheSecretOnce() {
        Http session = signedIn(DemoLogins.TIER1);
        session.page("/account");
        HttpResponse<String> r = session.postForm("/account/tokens", Map.of("name", "from the page", "access", "READ_ONLY", "expiresInDays", "30"));
        assertThat(r.statusCode()).isEqualTo(302);
        String page = session.page("/account");
        String secret = io.steward.server.support.Text.match(page, "id=\"new-token\">(stw_[A-Za-z0-9_-]+)<");
        assertThat(http().bearer(secret).getJson("/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(session.page("/account")).doesNotContain(secret);
    }

    @Test
    void prometheusNeedsAnAdminToken() {
        assertThat(http().getJson("/actuator/prometheus").statusCode()).isEqualTo(401);
        String techToken = createToken(signedIn(DemoLogins.TIER1), "READ_ONLY", 1);
        assertThat(http().bearer(techToken).getJson("/actuator/prometheus").statusCode()).isEqualTo(403);
        HttpResponse<String> ok = adminApi().send(adminApi().builder("/actuator/prometheus").header("Accept", "text/plain").GET());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("jvm_memory_used_bytes");
        assertThat(http().getJson("/actuator/health").body()).contains("UP");
        assertThat(http().getJson("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http().getJson("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }
}
