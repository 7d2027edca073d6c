package io.steward.server.identity;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passkeys over real HTTP with a software authenticator that makes the same bytes a browser's does: registration,
 * listing, renaming, deletion, sign-in, and {@link PasskeyDirectory#verify} attacked with other people's passkeys,
 * other challenges, other origins, tampered signatures, replays and a row inserted straight into the database.
 */
class PasskeyTest extends IntegrationTest {
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder FROM_B64URL = Base64.getUrlDecoder();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    PasskeyDirectory directory;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void forgetAddressFailures() {
        // Failed passkey sign-ins count against 127.0.0.1; other classes sign in from there too.
        jdbc.sql("DELETE FROM login_throttle WHERE key LIKE 'address:%'").update();
    }

    /** A technician of this test's own, signed in with a password of their own. */
    record Person(String id, String email, Http session) {
        UserId userId() {
            return UserId.parse(id);
        }
    }

    Person newTechnician(String name) {
        String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "-" + System.nanoTime() + "@passkeys.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"" + name + "\",\"role\":\"TECHNICIAN\",\"supportTier\":2}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Person(jsonString(created.body(), "id"), email, firstSignIn(email, jsonString(created.body(), "oneTimePassword")));
    }

    String origin() {
        return "http://localhost:" + port;
    }

    /** Registers a new software passkey for the person through the API, as a browser's script would. */
    SoftwarePasskey register(Person person, String label) {
        HttpResponse<String> options = person.session().json("POST", "/api/v1/me/passkeys/registration-options", null);
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        JsonNode o = JSON.readTree(options.body());
        assertThat(o.path("rp").path("id").asString()).isEqualTo("localhost");
        assertThat(o.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("required");
        SoftwarePasskey key = SoftwarePasskey.create(FROM_B64URL.decode(o.path("user").path("id").asString()));
        SoftwarePasskey.Registration r = key.registration(FROM_B64URL.decode(o.path("challenge").asString()), "localhost", origin());
        HttpResponse<String> done = person.session().json("POST", "/api/v1/me/passkeys", registration(label, r));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(jsonString(done.body(), "credentialId")).isEqualTo(key.credentialId());
        return key;
    }

    static String registration(String label, SoftwarePasskey.Registration r) {
        return "{\"label\":\"" + label + "\",\"clientDataJson\":\"" + r.clientDataJson() + "\",\"attestationObject\":\""
                + r.attestationObject() + "\",\"transports\":[\"internal\"]}";
    }

    @Test
    void aTechnicianRegistersListsRenamesAndDeletesPasskeys() {
        Person tech = newTechnician("Pat Passkey");
        SoftwarePasskey laptop = register(tech, "Work laptop");
        SoftwarePasskey phone = register(tech, "Phone");

        String list = tech.session().getJson("/api/v1/me/passkeys").body();
        assertThat(list).contains(laptop.credentialId(), phone.credentialId(), "Work laptop", "Phone")
                .contains(laptop.publicKeyCose());
        assertThat(tech.session().page("/account")).contains("Work laptop", "Phone");
        // The user handle the authenticator keeps is the user id's bytes: the options name exactly this user.
        assertThat(directory.passkeysOf(tech.userId())).extracting(PasskeyDirectory.Passkey::credentialId)
                .containsExactlyInAnyOrder(laptop.credentialId(), phone.credentialId());

        HttpResponse<String> renamed = tech.session().json("PATCH", "/api/v1/me/passkeys/" + laptop.credentialId(), "{\"label\":\"Old laptop\"}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(jsonString(renamed.body(), "label")).isEqualTo("Old laptop");
        HttpResponse<String> blank = tech.session().json("PATCH", "/api/v1/me/passkeys/" + laptop.credentialId(), "{\"label\":\"  \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");

        // Another person can neither see, rename nor delete it.
        Person other = newTechnician("Olga Other");
        assertThat(other.session().getJson("/api/v1/me/passkeys").body()).doesNotContain(laptop.credentialId());
        assertThat(other.session().json("PATCH", "/api/v1/me/passkeys/" + laptop.credentialId(), "{\"label\":\"mine\"}").statusCode()).isEqualTo(404);
        assertThat(other.session().json("DELETE", "/api/v1/me/passkeys/" + laptop.credentialId(), null).statusCode()).isEqualTo(404);
        assertThat(other.session().postForm("/account/passkeys/" + laptop.credentialId() + "/delete", Map.of()).statusCode()).isEqualTo(404);

        assertThat(tech.session().json("DELETE", "/api/v1/me/passkeys/" + laptop.credentialId(), null).statusCode()).isEqualTo(200);
        assertThat(directory.passkey(laptop.credentialId())).isEmpty();
        assertThat(directory.passkey(phone.credentialId())).isPresent();

        List<String> audited = TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'passkey.%' ORDER BY seq").param(tech.id()).query(String.class).list());
        assertThat(audited).containsExactly("passkey.registered", "passkey.registered", "passkey.renamed", "passkey.deleted");
    }

    @Test
    void registrationIsRefusedWithoutAChallengeItWasGivenFromAnotherOriginOrWithAnApiToken() {
        Person tech = newTechnician("Rita Refused");
        SoftwarePasskey key = SoftwarePasskey.create(new byte[16]);
        // A challenge the server never gave.
        HttpResponse<String> unasked = tech.session().json("POST", "/api/v1/me/passkeys",
                registration("Forged", key.registration(new byte[32], "localhost", origin())));
        assertThat(unasked.statusCode()).isEqualTo(400);
        assertThat(unasked.body()).contains("not started here");

        // The right challenge, made on another site.
        String challenge = jsonString(tech.session().json("POST", "/api/v1/me/passkeys/registration-options", null).body(), "challenge");
        HttpResponse<String> phished = tech.session().json("POST", "/api/v1/me/passkeys",
                registration("Phished", key.registration(FROM_B64URL.decode(challenge), "localhost", "https://steward.evil.example")));
        assertThat(phished.statusCode()).isEqualTo(400);
        assertThat(phished.body()).contains("not one of this server's origins");

        // Another person's challenge is not this person's.
        Person other = newTechnician("Otto Other");
        String othersChallenge = jsonString(other.session().json("POST", "/api/v1/me/passkeys/registration-options", null).body(), "challenge");
        HttpResponse<String> borrowed = tech.session().json("POST", "/api/v1/me/passkeys",
                registration("Borrowed", key.registration(FROM_B64URL.decode(othersChallenge), "localhost", origin())));
        assertThat(borrowed.statusCode()).isEqualTo(400);

        // An API token cannot mint a passkey (which would be a sign-in without password or code).
        HttpResponse<String> token = tech.session().json("POST", "/api/v1/me/tokens",
                "{\"name\":\"script\",\"access\":\"READ_WRITE\",\"expiresInDays\":1}");
        Http api = http().bearer(jsonString(token.body(), "secret"));
        assertThat(api.json("POST", "/api/v1/me/passkeys/registration-options", null).statusCode()).isEqualTo(403);
        assertThat(directory.passkeysOf(tech.userId())).isEmpty();
    }

    @Test
    void aPasskeySignsItsOwnerInWithoutPasswordOrCodeAndOnlyOnce() {
        Person tech = newTechnician("Sam Signin");
        SoftwarePasskey key = register(tech, "Laptop");

        Http browser = http();
        String page = browser.page("/login");
        String challenge = match(page, "data-passkey-challenge=\"([A-Za-z0-9_-]+)\"");
        PasskeyAssertion a = key.assertion(FROM_B64URL.decode(challenge), "localhost", origin());
        HttpResponse<String> r = browser.postForm("/login/passkey", form(a));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(browser.page("/")).contains("Sam Signin");
        assertThat(directory.passkey(key.credentialId()).orElseThrow().lastUsedAt()).isNotNull();

        // The same signed challenge again (a replay from a recorded request) signs nobody in.
        Http replay = http();
        replay.page("/login");
        HttpResponse<String> again = replay.postForm("/login/passkey", form(a));
        assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(replay.get("/").statusCode()).isEqualTo(302);

        // A passkey nobody registered.
        Http stranger = http();
        String strangerChallenge = match(stranger.page("/login"), "data-passkey-challenge=\"([A-Za-z0-9_-]+)\"");
        SoftwarePasskey unknown = SoftwarePasskey.create(new byte[16]);
        stranger.postForm("/login/passkey", form(unknown.assertion(FROM_B64URL.decode(strangerChallenge), "localhost", origin())));
        assertThat(stranger.page("/login")).contains("not registered with Steward");
        assertThat(stranger.get("/").statusCode()).isEqualTo(302);

        List<String> audited = TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT action FROM audit_log WHERE actor = ? AND action LIKE 'login.%' ORDER BY seq").param(tech.email()).query(String.class).list());
        assertThat(audited).contains("login.passkey_ok", "login.succeeded", "login.passkey_failed");
    }

    /** Signs in on a fresh client with the passkey; returns where the sign-in sent it. */
    String passkeySignIn(Http browser, SoftwarePasskey key) {
        String challenge = match(browser.page("/login"), "data-passkey-challenge=\"([A-Za-z0-9_-]+)\"");
        HttpResponse<String> r = browser.postForm("/login/passkey", form(key.assertion(FROM_B64URL.decode(challenge), "localhost", origin())));
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void anAdminsUserVerifiedPasskeyIsTheSecondFactorItselfWhilePasswordSignInStillAsksForTheCode() {
        String email = "passkey-admin-" + System.nanoTime() + "@passkeys.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"Ada Admin\",\"role\":\"MSP_ADMIN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Http session = http();
        session.login(email, jsonString(created.body(), "oneTimePassword"));
        session.page("/account/password");
        String mine = "the admin's own passphrase " + UUID.randomUUID();
        session.postForm("/account/password", Map.of("currentPassword", jsonString(created.body(), "oneTimePassword"),
                "newPassword", mine, "confirmPassword", mine));
        // Admins must set up TOTP before anything else, passkeys included.
        assertThat(session.json("POST", "/api/v1/me/passkeys/registration-options", null).statusCode()).isEqualTo(403);
        String secret = match(session.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        assertThat(session.postForm("/account/mfa/enable", Map.of("code", io.steward.server.support.TotpCodes.next(secret))).statusCode())
                .isEqualTo(200);
        Person admin = new Person(jsonString(created.body(), "id"), email, session);
        SoftwarePasskey key = register(admin, "Admin laptop");

        assertThat(http().login(email, mine).headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
        Http byPasskey = http();
        assertThat(passkeySignIn(byPasskey, key)).endsWith("/");
        assertThat(byPasskey.getJson("/api/v1/users").statusCode()).isEqualTo(200);
    }

    @Test
    void aPortalUserRegistersAPasskeyAndItSignsThemIntoThePortal() {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String email = "passkey-portal-" + System.nanoTime() + "@passkeys.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Polly Portal\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + northwind + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Person portal = new Person(jsonString(created.body(), "id"), email, firstSignIn(email, jsonString(created.body(), "oneTimePassword")));
        SoftwarePasskey key = register(portal, "Front desk PC");
        assertThat(passkeySignIn(http(), key)).endsWith("/portal");
    }

    @Test
    void anAccountBlockedForWrongPasswordsStillSignsInWithItsPasskeyButADisabledOneDoesNot() {
        Person tech = newTechnician("Bea Blocked");
        SoftwarePasskey key = register(tech, "Laptop");
        try {
            for (int i = 0; i < 5; i++) {
                http().login(tech.email(), "not the password " + i);
            }
            assertThat(http().login(tech.email(), "still not").headers().firstValue("Location").orElseThrow()).contains("blocked");
            // Whoever guesses passwords cannot lock the owner out: a signature is not guessed.
            assertThat(passkeySignIn(http(), key)).endsWith("/");

            String etag = adminApi().getJson("/api/v1/users/" + tech.id()).headers().firstValue("ETag").orElseThrow();
            assertThat(adminApi().json("PUT", "/api/v1/users/" + tech.id() + "/enabled", "{\"enabled\":false}", Map.of("If-Match", etag))
                    .statusCode()).isEqualTo(200);
            Http refused = http();
            assertThat(passkeySignIn(refused, key)).endsWith("/login");
            assertThat(refused.get("/").statusCode()).isEqualTo(302);
        } finally {
            jdbc.sql("DELETE FROM login_throttle WHERE key = ?").param("account:" + tech.email()).update();
        }
    }

    @Test
    void verifyAcceptsTheOwnersAssertionOverExactlyTheChallengeAndRefusesEverythingElse() {
        Person alice = newTechnician("Alice Approver");
        Person bob = newTechnician("Bob Approver");
        SoftwarePasskey alices = register(alice, "Alice's key");
        SoftwarePasskey bobs = register(bob, "Bob's key");
        byte[] digest = CanonicalDigest.of("task " + UUID.randomUUID());

        PasskeyDirectory.Passkey used = directory.verify(alice.userId(), digest, alices.assertion(digest, "localhost", origin()));
        assertThat(used.credentialId()).isEqualTo(alices.credentialId());
        assertThat(used.lastUsedAt()).isNotNull();

        refused(() -> directory.verify(alice.userId(), digest, bobs.assertion(digest, "localhost", origin())), "belongs to another person");
        refused(() -> directory.verify(alice.userId(), digest, alices.assertion(CanonicalDigest.of("another task"), "localhost", origin())),
                "another challenge");
        refused(() -> directory.verify(alice.userId(), digest, alices.assertion(digest, "localhost", "https://steward.evil.example")),
                "not one of this server's origins");
        refused(() -> directory.verify(alice.userId(), digest, alices.assertion(digest, "evil.example", origin())), "relying party");
        PasskeyAssertion good = alices.assertion(digest, "localhost", origin());
        byte[] signature = FROM_B64URL.decode(good.signature());
        signature[signature.length - 1] ^= 1;
        refused(() -> directory.verify(alice.userId(), digest, new PasskeyAssertion(good.credentialId(), good.authenticatorData(),
                good.clientDataJson(), B64URL.encodeToString(signature), good.userHandle())), "does not verify");
        refused(() -> directory.verify(alice.userId(), digest, SoftwarePasskey.create(new byte[16]).assertion(digest, "localhost", origin())),
                "not registered");

        // The untampered one still verifies once; replayed, its counter has not moved forward.
        directory.verify(alice.userId(), digest, good);
        refused(() -> directory.verify(alice.userId(), digest, good), "counter went backwards");
    }

    @Test
    void aPasskeyRowInsertedStraightIntoTheDatabaseVerifiesNothing() {
        Person mallory = newTechnician("Mallory Inserted");
        // The attacker writes a row naming their credential id but someone else's public key (the key they
        // would need to forge is not theirs), or their own key under a victim's row: either way a signature must
        // come from the private key of the stored public key.
        UUID id = UUID.fromString(mallory.id());
        byte[] handle = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        SoftwarePasskey attackers = SoftwarePasskey.create(handle);
        SoftwarePasskey victims = SoftwarePasskey.create(handle);
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO user_passkey (credential_id, user_id, public_key_cose, label, created_at)
                VALUES (?, CAST(? AS uuid), ?, 'inserted', now())""")
                .params(attackers.credentialId(), mallory.id(), FROM_B64URL.decode(victims.publicKeyCose())).update());
        byte[] digest = CanonicalDigest.of("inserted " + UUID.randomUUID());
        refused(() -> directory.verify(mallory.userId(), digest, attackers.assertion(digest, "localhost", origin())), "does not verify");
    }

    static void refused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidInputException.class).hasMessageContaining(reason);
    }

    static Map<String, String> form(PasskeyAssertion a) {
        return Map.of("credentialId", a.credentialId(), "authenticatorData", a.authenticatorData(), "clientDataJson", a.clientDataJson(),
                "signature", a.signature(), "userHandle", a.userHandle());
    }

    /** A 32-byte digest, as a task's is. */
    static final class CanonicalDigest {
        static byte[] of(String text) {
            return io.steward.protocol.task.CanonicalText.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
