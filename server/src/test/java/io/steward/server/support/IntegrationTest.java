package io.steward.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random port, with its own embedded PostgreSQL and the demo data, shared by
 * every test class that extends this (one Spring context, one database). Tests act through HTTP
 * as the demo users, whose logins come from the demo credentials file like a person's would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"steward.demo.enabled=true",
        // Today's demo data only: the demo's history and live agents have their own test context (DemoHistoryTest).
        "steward.demo.history=false", "steward.demo.live-agents=0", "steward.tls-port=0", "logging.file.name=target/test-logs/steward.log",
        // Small enough for a test to fill the ingest queue (TelemetryIngestTest); larger than any one batch.
        "steward.telemetry.queue-samples=20000",
        // Webhook tests run the delivery pass themselves, at instants of their choosing (WebhookDeliveryTest).
        "steward.notify.webhooks.sending=false",
        // The agent jar the reactor build made (tests run in server/), served at /downloads/steward-agent.jar.
        "steward.devices.agent-jar=../agent/target/steward-agent.jar",
        // The agent release key's public half (AgentReleaseTest signs with the private half it holds).
        "steward.devices.release-key=MCowBQYDK2VwAyEAjyAkZpZ1Hb6CULQxm261kejZXYPsflYeJr0mTx07JnI=",
        // The signer jar the reactor build made: the server starts it as its child process under the test home.
        "steward.automation.signer.jar=../signer/target/steward-signer.jar"})
public abstract class IntegrationTest {

    static final Path HOME;

    static {
        try {
            Files.createDirectories(Path.of("target"));
            HOME = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "steward-test-home-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    protected int port;

    @org.springframework.beans.factory.annotation.Autowired
    private io.steward.server.automation.SigningPage signingPage;

    /** The origin of the task signer's signing page: where people's passkeys sign statements for the signer. */
    protected String signingOrigin() {
        return signingPage.origin();
    }

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        registry.add("steward.home", HOME::toString);
    }

    protected static Path home() {
        return HOME;
    }

    protected DemoLogins demo() {
        return DemoLogins.read(HOME.resolve("demo-credentials.txt"));
    }

    /** A fresh browser-like client (own cookies) against this server. */
    protected Http http() {
        return new Http("http://localhost:" + port);
    }

    /** A client signed in as the demo user with this email, MFA answered where needed. */
    protected Http signedIn(String email) {
        Http h = http();
        h.signIn(demo().user(email));
        return h;
    }

    private static final java.util.Map<Integer, Http> ADMIN_SESSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The demo admin's session, signed in once per server and shared: tests must not change the admin. */
    protected Http admin() {
        return ADMIN_SESSIONS.computeIfAbsent(port, p -> signedIn(DemoLogins.ADMIN));
    }

    /** Signs a new user in with their one-time password and sets a real one, as a new user must. */
    protected Http firstSignIn(String email, String oneTimePassword) {
        Http h = http();
        h.login(email, oneTimePassword);
        h.page("/account/password");
        String mine = "a password of their own " + java.util.UUID.randomUUID();
        java.net.http.HttpResponse<String> changed = h.postForm("/account/password",
                java.util.Map.of("currentPassword", oneTimePassword, "newPassword", mine, "confirmPassword", mine));
        org.assertj.core.api.Assertions.assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        return h;
    }

    /** A staff member who approves with a passkey the signer trusts as an approver's. */
    public record Approver(java.util.UUID id, String name, Http http, io.steward.protocol.task.SoftwarePasskey passkey) {
    }

    /** A new service manager with TOTP turned on and a registered passkey the signer trusts as an approver's. */
    protected Approver trustedManager(io.steward.server.automation.SignerHost signer, String name) {
        String email = "manager-" + java.util.UUID.randomUUID() + "@approvers.test";
        java.net.http.HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"" + name + "\",\"role\":\"SERVICE_MANAGER\",\"clientScope\":[]}");
        org.assertj.core.api.Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        tools.jackson.databind.JsonNode body = new tools.jackson.databind.ObjectMapper().readTree(created.body());
        Http h = firstSignIn(email, body.get("oneTimePassword").asString());
        String secret = Text.match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        org.assertj.core.api.Assertions.assertThat(h.postForm("/account/mfa/enable", java.util.Map.of("code", TotpCodes.next(secret))).statusCode())
                .isEqualTo(200);
        h.page("/account");
        Approver a = new Approver(java.util.UUID.fromString(body.get("user").get("id").asString()), name, h, TestPasskeys.register(h, port, name + " key"));
        TestPasskeys.trust(signer, a.id(), name, a.passkey(), true);
        return a;
    }

    /** The demo admin's read-write API token. */
    protected Http adminApi() {
        return http().bearer(demo().adminApiToken());
    }
}
