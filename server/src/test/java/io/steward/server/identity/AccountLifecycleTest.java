package io.steward.server.identity;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's life as an admin and the user see it: created with a one-time password, forced to
 * change it, enrolling MFA, using a recovery code, then disabled, which ends their session.
 */
class AccountLifecycleTest extends IntegrationTest {

    @Test
    void newUserChangesTheOneTimePasswordThenIsDisabledAndLosesTheSession() {
        String email = "lifecycle-" + System.nanoTime() + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"Life Cycle\",\"role\":\"TECHNICIAN\",\"supportTier\":2}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String oneTime = jsonString(created.body(), "oneTimePassword");
        String userId = jsonString(created.body(), "id");

        Http user = http();
        HttpResponse<String> r = user.login(email, oneTime);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/account/password");
        assertThat(user.get("/clients").headers().firstValue("Location").orElseThrow()).endsWith("/account/password");

        user.page("/account/password");
        HttpResponse<String> tooShort = user.postForm("/account/password",
                Map.of("currentPassword", oneTime, "newPassword", "short", "confirmPassword", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(200);
        assertThat(tooShort.body()).contains("12 to 128 characters");

        String mine = "correct horse battery staple";
        HttpResponse<String> changed = user.postForm("/account/password",
                Map.of("currentPassword", oneTime, "newPassword", mine, "confirmPassword", mine));
        assertThat(changed.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(user.get("/clients").statusCode()).isEqualTo(200);
        assertThat(http().login(email, oneTime).headers().firstValue("Location").orElseThrow()).contains("failed");

        // MFA enrolment, then sign-in with a recovery code, once only.
        String page = user.page("/account/mfa");
        String secret = match(page, "id=\"mfa-secret\">([A-Z2-7]+)<");
        HttpResponse<String> enabled = user.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret)));
        assertThat(enabled.statusCode()).isEqualTo(200);
        String recovery = match(enabled.body(), "<div>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</div>");

        Http again = http();
        assertThat(again.login(email, mine).headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
        again.page("/login/mfa");
        assertThat(again.postForm("/login/mfa", Map.of("code", recovery)).headers().firstValue("Location").orElseThrow()).endsWith("/");
        Http third = http();
        third.login(email, mine);
        third.page("/login/mfa");
        assertThat(third.postForm("/login/mfa", Map.of("code", recovery)).statusCode()).isEqualTo(200);

        // Disabling ends every session at once and blocks the next sign-in.
        String etag = adminApi().getJson("/api/v1/users/" + userId).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> disabled = adminApi().json("PUT", "/api/v1/users/" + userId + "/enabled", "{\"enabled\":false}",
                Map.of("If-Match", etag));
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(again.get("/clients").statusCode()).isEqualTo(302);
        assertThat(user.getJson("/api/v1/clients").statusCode()).isEqualTo(401);
        assertThat(http().login(email, mine).headers().firstValue("Location").orElseThrow()).contains("failed");
    }

    @Test
    void adminsMustEnrolMfaBeforeAnythingElse() {
        String email = "new-admin-" + System.nanoTime() + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"New Admin\",\"role\":\"MSP_ADMIN\"}");
        String oneTime = jsonString(created.body(), "oneTimePassword");
        Http h = http();
        h.login(email, oneTime);
        h.page("/account/password");
        String pw = "a long enough admin passphrase";
        HttpResponse<String> r = h.postForm("/account/password", Map.of("currentPassword", oneTime, "newPassword", pw, "confirmPassword", pw));
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/account/mfa");
        assertThat(h.get("/admin/users").headers().firstValue("Location").orElseThrow()).endsWith("/account/mfa");
        String secret = match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        HttpResponse<String> done = h.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret)));
        assertThat(done.body()).contains("recovery-codes");
        assertThat(h.get("/admin/users").statusCode()).isEqualTo(200);
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabledAndNobodyDisablesThemselves() {
        HttpResponse<String> me = adminApi().getJson("/api/v1/me");
        String myId = jsonString(me.body(), "userId");
        String etag = adminApi().getJson("/api/v1/users/" + myId).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/users/" + myId + "/enabled", "{\"enabled\":false}", Map.of("If-Match", etag));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("cannot disable your own account");
    }

    @Test
    void aScopedTechnicianSeesOnlyTheirClients() {
        Http tech = signedIn(DemoLogins.SCOPED);
        String list = tech.getJson("/api/v1/clients").body();
        assertThat(list).contains("Alpine Logistics GmbH").doesNotContain("Northwind Dental").doesNotContain("Harbour City Council");
        assertThat(tech.page("/clients")).contains("Alpine Logistics GmbH").doesNotContain("Northwind Dental");
    }
}
