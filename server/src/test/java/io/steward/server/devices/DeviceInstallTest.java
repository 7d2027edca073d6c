package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent install a technician hands out: Steward serves the agent's files without a session (and
 * nothing else there), and the install lines on the page and in the API carry the server's address,
 * the token, the pinned fingerprint and the download paths with their digests. No public address is
 * set in the test server, so the address is the host the request came to, never 127.0.0.1 otherwise.
 */
class DeviceInstallTest extends IntegrationTest {
    private static final Path JAR = Path.of("..", "agent", "target", "steward-agent.jar");
    private static final Path PACKAGING = Path.of("..", "agent", "packaging");

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JsonMapper.builder().build().readTree(r.body());
    }

    @Test
    void theAgentsFilesAreServedWithoutASessionWithTheirDigest() throws Exception {
        assertThat(JAR).as("build the agent first (the reactor build does: bin/test -pl server -am)").exists();
        Http anonymous = http();
        for (var file : java.util.Map.of("steward-agent.jar", JAR, "steward-agent", PACKAGING.resolve("steward-agent"),
                "steward-agent.service", PACKAGING.resolve("steward-agent.service")).entrySet()) {
            byte[] expected = Files.readAllBytes(file.getValue());
            HttpResponse<byte[]> r = anonymous.sendBytes(anonymous.builder("/downloads/" + file.getKey()).GET());
            assertThat(r.statusCode()).as(file.getKey() + " " + new String(r.body())).isEqualTo(200);
            assertThat(r.body()).as(file.getKey()).isEqualTo(expected);
            assertThat(r.headers().firstValue("Repr-Digest").orElseThrow())
                    .isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(expected)) + ":");
            assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains(file.getKey());
        }
        // Deny by default holds next to them: other names, other methods and a staff session find nothing more.
        assertThat(anonymous.get("/downloads/application.yml").statusCode()).isNotEqualTo(200);
        assertThat(anonymous.get("/downloads/..%2Fapplication.yml").statusCode()).isNotEqualTo(200);
        assertThat(adminApi().get("/downloads/application.yml").statusCode()).isEqualTo(403);
        assertThat(anonymous.json("POST", "/downloads/steward-agent.jar", "{}").statusCode()).isNotEqualTo(200);
    }

    @Test
    void aNewTokensInstallLinesCarryTheAddressTokenFingerprintAndDownloads() throws Exception {
        String clientId = OwnData.client(adminApi(), "Install lines");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"rollout\",\"expiresInHours\":2,\"maxUses\":3}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        String token = body.get("token").asString();
        String fingerprint = body.get("serverFingerprint").asString();
        String server = "https://localhost:" + body.get("httpsPort").asInt();
        JsonNode install = body.get("install");
        String jarDigest = sha256(Files.readAllBytes(JAR));

        assertThat(install.get("serverUrl").asString()).isEqualTo(server);
        assertThat(install.get("publicUrlConfigured").asBoolean()).isFalse();
        assertThat(install.get("addressNote").asString()).contains("No public address is set", "steward.devices.public-url", server, "loopback");
        assertThat(install.get("javaRequirement").asString()).contains("Java 21");
        assertThat(install.path("missing").isMissingNode() || install.get("missing").isNull()).as("no missing-jar note").isTrue();
        assertThat(install.get("downloads").toString()).contains("/downloads/steward-agent.jar", jarDigest);
        String linux = install.get("linux").asString();
        assertThat(linux).contains("curl -fsSk -o steward-agent.jar " + server + "/downloads/steward-agent.jar",
                server + "/downloads/steward-agent.service", jarDigest + " steward-agent.jar", "sha256sum -c -",
                "/opt/steward-agent/steward-agent enroll --server " + server + " --token " + token + " --fingerprint " + fingerprint,
                "systemctl enable --now steward-agent", "/opt/steward-agent/steward-agent.jar", "/etc/systemd/system/steward-agent.service")
                .doesNotContain("127.0.0.1");
        assertThat(install.get("windows").asString()).contains(server + "/downloads/steward-agent.jar", jarDigest, "--token " + token,
                "--fingerprint " + fingerprint, "nssm install").doesNotContain("127.0.0.1");

        // Later the secret is gone: the lines for the token have a placeholder where it goes.
        String tokenId = body.get("enrollmentToken").get("id").asString();
        HttpResponse<String> later = adminApi().getJson("/api/v1/enrollment-tokens/" + tokenId + "/install");
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(json(later).get("install").get("linux").asString()).contains("--token <TOKEN> --fingerprint " + fingerprint, server)
                .doesNotContain(token);
        assertThat(json(later).get("enrollmentToken").get("name").asString()).isEqualTo("rollout");
    }

    @Test
    void theAddressIs127001OnlyWhenTheRequestCameToIt() {
        String clientId = OwnData.client(adminApi(), "Install loopback");
        Http numeric = new Http("http://127.0.0.1:" + port).bearer(demo().adminApiToken());
        HttpResponse<String> created = numeric.json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens", "{\"maxUses\":1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String linux = json(created).get("install").get("linux").asString();
        assertThat(linux).contains("--server https://127.0.0.1:" + json(created).get("httpsPort").asInt() + " ");
        String tokenId = json(created).get("enrollmentToken").get("id").asString();
        assertThat(adminApi().getJson("/api/v1/enrollment-tokens/" + tokenId + "/install").body()).doesNotContain("127.0.0.1");
        // The lines are for staff: without a session or API token the API refuses.
        assertThat(new Http("http://localhost:" + port).getJson("/api/v1/enrollment-tokens/" + tokenId + "/install").statusCode())
                .isIn(401, 403);
    }

    @Test
    void theEnrollmentPageShowsTheLinesWithTheNewTokenAndThenWithAPlaceholder() throws Exception {
        String clientId = OwnData.client(adminApi(), "Install page");
        Http tech = signedIn(DemoLogins.TIER1);
        String before = tech.page("/devices?clientId=" + clientId);
        assertThat(before).contains("id=\"install-linux\"", "No public address is set", "Java 21", "/downloads/steward-agent.jar",
                sha256(Files.readAllBytes(JAR)), "--token &lt;TOKEN&gt;", "id=\"install-windows\"").doesNotContain("127.0.0.1");
        HttpResponse<String> created = tech.postForm("/devices/enrollment-tokens", java.util.Map.of("clientId", clientId, "name", "page rollout",
                "expiresInHours", "2", "maxUses", "2"));
        assertThat(created.statusCode()).as(created.body()).isIn(200, 302, 303);
        String after = tech.page("/devices?clientId=" + clientId);
        String token = io.steward.server.support.Text.match(after, "id=\"new-enrollment-token\"[^>]*>(ste_[A-Za-z0-9_-]+)<");
        assertThat(after).contains("--token " + token + " --fingerprint ");
        assertThat(tech.page("/devices?clientId=" + clientId)).doesNotContain(token);
    }
}
