package io.steward.server.e2e;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.steward.server.automation.SignerHost;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.UserId;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The two-person rule in the browser: a technician and a service manager (each with two-factor authentication) register
 * a passkey on their account page with Chrome's virtual authenticator (one authenticator per person); the signer's host
 * trusts both; the technician requests a task on the page and signs it with their passkey, the manager approves it from
 * the approver's queue with theirs, and the task page shows the result the real agent (its own process, on loopback,
 * enrolled with {@code --tasks all}) reported: SUCCEEDED with the script's output.
 */
class TaskSigningBrowserTest extends BrowserTest {

    @Autowired
    PasskeyDirectory passkeys;
    @Autowired
    SignerHost signerHost;

    private Process agent;
    private final Map<String, String> ids = new java.util.HashMap<>();

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.descendants().forEach(ProcessHandle::destroy);
            agent.destroyForcibly();
        }
    }

    @Test
    void aTechnicianRequestsAManagerApprovesAndTheTaskPageShowsTheDevicesResult() throws Exception {
        String client = ownClient("Browser tasks");
        String device = realAgent(client);
        String marker = "browser-task-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> script = adminApi().json("POST", "/api/v1/scripts", "{\"name\":\"Browser task " + marker + "\",\"category\":\"Tests\","
                + "\"interpreter\":\"bash\",\"operatingSystems\":[\"linux\"],\"body\":\"#!/usr/bin/env bash\\necho " + marker + " on $(uname -s)\\n\","
                + "\"timeoutSeconds\":60}");
        assertThat(script.statusCode()).as(script.body()).isEqualTo(201);
        String versionId = match(script.body(), "\"latest\":\\{\"id\":\"([0-9a-f-]{36})\"");

        DemoLogins.Login technician = person("TECHNICIAN", "Browser Technician");
        DemoLogins.Login manager = person("SERVICE_MANAGER", "Browser Manager");

        // The technician: a passkey on the account page, trusted by the signer's host; then the task, signed with it.
        VirtualAuthenticator first = VirtualPasskeys.add(browser);
        signIn(technician);
        register(technician, "Technician laptop", false);
        browser.get(base() + "/tasks/new?clientId=" + client + "&scriptVersionId=" + versionId);
        await(d -> !d.findElements(By.cssSelector("input[name=deviceIds][value='" + device + "']")).isEmpty());
        browser.findElement(By.cssSelector("input[name=deviceIds][value='" + device + "']")).click();
        browser.findElement(By.id("review-task")).click();
        await(d -> !d.findElements(By.id("sign-request")).isEmpty());
        assertThat(browser.findElement(By.id("device-count")).getText()).isEqualTo("1");
        shot("task-signing-01-review");
        browser.findElement(By.id("sign-request")).click();
        // The signer's own page, on its own origin, shows the statement; the passkey signs there and the browser comes back.
        signOnTheSignersPage("task-signing-01b-signer-page", "Sign a task");
        await(d -> d.getCurrentUrl().matches(".*/tasks/[0-9a-f-]{36}$"));
        String taskId = match(browser.getCurrentUrl(), "/tasks/([0-9a-f-]{36})$");
        assertThat(browser.findElement(By.id("task-state")).getText()).containsIgnoringCase("awaiting");
        VirtualPasskeys.remove(browser, first);
        browser.manage().deleteAllCookies();

        // The manager: a passkey of their own, trusted as an approver; approves from the queue with it.
        VirtualPasskeys.add(browser);
        signIn(manager);
        register(manager, "Manager laptop", true);
        browser.get(base() + "/tasks/approvals");
        await(d -> !d.findElements(By.cssSelector("#approval-" + taskId + " .approve-task button")).isEmpty());
        shot("task-signing-02-queue");
        browser.findElement(By.cssSelector("#approval-" + taskId + " .approve-task button")).click();
        signOnTheSignersPage("task-signing-02b-signer-page", "Sign a task");
        await(d -> d.getCurrentUrl().startsWith(base()) && (d.getCurrentUrl().contains("/tasks/" + taskId) || d.getCurrentUrl().contains("/tasks/approvals")));

        // The device's result on the task page, within a bounded wait.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String runs = "";
        while (System.nanoTime() < deadline) {
            browser.get(base() + "/tasks/" + taskId);
            await(d -> !d.findElements(By.id("task-runs")).isEmpty());
            runs = browser.findElement(By.id("run-" + device)).getText();
            if (runs.contains("Succeeded") || runs.contains("Failed") || runs.contains("Refused")) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(runs).contains("Succeeded");
        // The output, opened as a person would: what the script printed on the device.
        browser.findElement(By.cssSelector("#run-" + device + " summary")).click();
        await(d -> d.findElement(By.cssSelector("#run-" + device + " pre.output")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("#run-" + device + " pre.output")).getText()).contains(marker + " on Linux");
        assertThat(browser.findElement(By.id("task-state")).getText()).isEqualTo("Done");
        shot("task-signing-03-result");
    }

    /** On the signer's signing page (another origin than Steward's): the statement is shown, the passkey signs it there. */
    private void signOnTheSignersPage(String shotName, String title) throws Exception {
        await(d -> !d.findElements(By.id("sign-with-passkey")).isEmpty());
        assertThat(browser.getCurrentUrl()).doesNotStartWith(base()).endsWith("/sign");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(browser.findElement(By.id("statement")).getText()).contains("device");
        shot(shotName);
        // The button arms once the page has been in view a moment.
        await(d -> d.findElement(By.id("sign-with-passkey")).isEnabled());
        browser.findElement(By.id("sign-with-passkey")).click();
        await(d -> d.getCurrentUrl().startsWith(base()));
    }

    /** Registers a passkey on the account page and has the signer's host trust it. */
    private void register(DemoLogins.Login login, String label, boolean approver) throws Exception {
        browser.get(base() + "/account");
        await(d -> !d.findElements(By.id("passkey-register")).isEmpty());
        browser.findElement(By.id("passkey-label")).sendKeys(label);
        browser.findElement(By.id("add-passkey")).click();
        await(d -> d.findElements(By.cssSelector(".passkey-row input[name=label]")).stream().anyMatch(e -> label.equals(e.getDomProperty("value"))));
        String id = ids.get(login.email());
        PasskeyDirectory.Passkey key = passkeys.passkeysOf(UserId.parse(id)).getFirst();
        signerHost.trustOnHost(UUID.fromString(id), login.email(), key.credentialId(), key.publicKeyCose(), approver);
    }

    /** A new staff member with a password of their own and two-factor authentication on, as the browser signs in. */
    private DemoLogins.Login person(String role, String name) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@browser-tasks.test";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"" + name
                + "\",\"role\":\"" + role + "\"" + ("TECHNICIAN".equals(role) ? ",\"supportTier\":2" : "") + ",\"clientScope\":[]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String once = jsonString(created.body(), "oneTimePassword");
        ids.put(email, match(created.body(), "\"user\":\\{\"id\":\"([0-9a-f-]{36})\""));
        Http h = http();
        h.login(email, once);
        h.page("/account/password");
        String mine = "a passphrase of their own " + UUID.randomUUID();
        HttpResponse<String> changed = h.postForm("/account/password", Map.of("currentPassword", once, "newPassword", mine, "confirmPassword", mine));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        String secret = match(h.page("/account/mfa"), "id=\"mfa-secret\">([A-Z2-7]+)<");
        HttpResponse<String> enabled = h.postForm("/account/mfa/enable", Map.of("code", TotpCodes.next(secret)));
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        return new DemoLogins.Login(email, mine, role, null, secret);
    }

    /** The real agent jar enrolled for the client over HTTPS (server certificate pinned), running every signed task in bash or sh. */
    private String realAgent(String client) throws Exception {
        Path jar = Path.of("..", "agent", "target", "steward-agent.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build the agent first (the reactor build does)").exists();
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"browser task agent\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String https = "https://localhost:" + match(created.body(), "\"httpsPort\":(\\d+)");
        Path config = Files.createTempDirectory("steward-browser-agent");
        Process enroll = new ProcessBuilder(java(jar, "enroll", "--server", https, "--token", jsonString(created.body(), "token"), "--fingerprint",
                jsonString(created.body(), "serverFingerprint"), "--config-dir", config.toString(), "--tasks", "all", "--interpreters", "bash,sh",
                "--signer-fingerprint", signerFingerprint()))
                .redirectErrorStream(true).start();
        String out = new String(enroll.getInputStream().readAllBytes());
        assertThat(enroll.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(enroll.exitValue()).as(out).isZero();
        agent = new ProcessBuilder(java(jar, "run", "--config-dir", config.toString())).redirectErrorStream(true)
                .redirectOutput(config.resolve("agent.log").toFile()).start();
        return match(Files.readString(config.resolve("agent.properties")), "deviceId=([0-9a-f-]{36})");
    }

    private static List<String> java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.steward.server.devices.TaskSignerKey signerKeyForEnrollment;

    /** The signer key's fingerprint, as the install line carries it for the device to pin. */
    private String signerFingerprint() {
        return io.steward.protocol.task.TaskKeys.fingerprint(io.steward.protocol.DeviceKeys.decodePublic(signerKeyForEnrollment.publicKey().orElseThrow()));
    }
}
