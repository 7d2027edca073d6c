package io.steward.server.identity;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Form sign-in, sessions, throttling and the second factor, attacked over real HTTP. */
class SignInTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void forgetFailures() {
        jdbc.sql("DELETE FROM login_throttle").update();
    }

    @Test
    void aTechnicianSignsInAndTheSessionIdIsRotated() {
        Http h = http();
        h.page("/login");
        String before = h.sessionCookie();
        DemoLogins.Login tech = demo().user(DemoLogins.TIER1);
        HttpResponse<String> r = h.postForm("/login", Map.of("email", tech.email(), "password", tech.password()));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(h.sessionCookie()).isNotNull().isNotEqualTo(before);
        assertThat(h.page("/")).contains("Alex Tier-One");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        Http h = http();
        HttpResponse<String> wrong = h.login(DemoLogins.TIER1, "not the password");
        HttpResponse<String> unknown = h.login("nobody@nowhere.example", "not the password");
        assertThat(wrong.headers().firstValue("Location")).isEqualTo(unknown.headers().firstValue("Location"));
        assertThat(h.get("/login?failed").body()).contains("Email or password is not correct.").doesNotContain("nobody");
        assertThat(h.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void anAccountIsBlockedAfterRepeatedFailuresEvenWithTheRightPassword() {
        Http h = http();
        DemoLogins.Login tech = demo().user("tier2@demo.steward.test");
        for (int i = 0; i < 5; i++) {
            h.login(tech.email(), "wrong-" + i);
        }
        HttpResponse<String> r = h.login(tech.email(), tech.password());
        assertThat(r.headers().firstValue("Location").orElseThrow()).contains("/login?blocked");
        assertThat(h.get("/login?blocked").body()).contains("Too many failed sign-ins");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'login.blocked' AND actor = ?").param(tech.email())
                .query(Long.class).single()).isPositive();
    }

    @Test
    void signOutEndsTheSession() {
        Http h = signedIn(DemoLogins.TIER1);
        assertThat(h.get("/clients").statusCode()).isEqualTo(200);
        HttpResponse<String> out = h.postForm("/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(h.get("/clients").statusCode()).isEqualTo(302);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        Http h = signedIn(DemoLogins.MANAGER);
        HttpResponse<String> r = h.postForm("/clients", Map.of("_csrf", "forged", "name", "CSRF Corp", "timeZone", "UTC", "status", "ACTIVE"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(adminApi().getJson("/api/v1/clients?q=CSRF").body()).contains("\"total\":0");
    }

    @Test
    void theAdminMustPassTheSecondFactorAndNothingIsReachableBefore() {
        Http h = http();
        DemoLogins.Login admin = demo().user(DemoLogins.ADMIN);
        HttpResponse<String> r = h.login(admin.email(), admin.password());
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
        assertThat(h.get("/clients").headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
        assertThat(h.getJson("/api/v1/clients").statusCode()).isEqualTo(403);
        assertThat(h.get("/admin/users").statusCode()).isEqualTo(302);

        h.page("/login/mfa");
        HttpResponse<String> bad = h.postForm("/login/mfa", Map.of("code", "000000"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("That code is not valid");

        String code = TotpCodes.next(admin.totpSecret());
        HttpResponse<String> ok = h.postForm("/login/mfa", Map.of("code", code));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(h.get("/admin/users").statusCode()).isEqualTo(200);

        // The same code a second time is a replay.
        Http other = http();
        other.login(admin.email(), admin.password());
        other.page("/login/mfa");
        assertThat(other.postForm("/login/mfa", Map.of("code", code)).statusCode()).isEqualTo(200);
        assertThat(other.get("/clients").headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
    }

    @Test
    void securityHeadersAreSetOnPages() {
        HttpResponse<String> r = http().get("/login");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'", "script-src 'self'");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void thereIsNoSetupRoute() {
        for (String path : new String[] {"/setup", "/install", "/api/v1/setup", "/admin/setup", "/init"}) {
            int status = http().get(path).statusCode();
            assertThat(status).as(path).isIn(302, 401, 403, 404);
            assertThat(http().postForm(path, Map.of("email", "x@y.z", "password", "p")).statusCode()).as(path).isIn(302, 401, 403, 404);
        }
    }
}
