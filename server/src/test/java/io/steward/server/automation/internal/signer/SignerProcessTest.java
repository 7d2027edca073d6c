package io.steward.server.automation.internal.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.AutomationProperties;
import io.steward.server.automation.SignerHost;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real signer, started by the server as its child process from the built jar: passkeys trusted through its host
 * command line, a two-person task signed into orders agents can verify, and refusals coming back with the signer's
 * reasons. Each test makes its own people and passkeys, so the shared signer's keyring never decides for another.
 */
class SignerProcessTest extends IntegrationTest {
    @Autowired
    SignerGateway signer;
    @Autowired
    SignerHost host;
    @Autowired
    AutomationProperties properties;

    final JsonMapper json = JsonMapper.builder().build();

    record Person(UUID id, String name, SoftwarePasskey passkey) {
    }

    private Person trusted(String name, boolean approver) {
        Person p = new Person(UUID.randomUUID(), name + " " + UUID.randomUUID().toString().substring(0, 6),
                SoftwarePasskey.create(new byte[]{1, 2, 3}));
        host.trustOnHost(p.id(), p.name(), p.passkey().credentialId(), p.passkey().publicKeyCose(), approver);
        return p;
    }

    private PasskeyAssertion signs(Person p, byte[] digest) {
        return p.passkey().assertion(digest, "localhost", signingOrigin());
    }

    private TaskSpec task(Person requester, int devices) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.sort(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TaskSpec(UUID.randomUUID(), UUID.randomUUID(), requester.id(), "Disk report", "c".repeat(64), "sh", "", 30, 65536,
                List.of(new Parameter("path", Parameter.Delivery.ARGUMENT, "/var")), ids, "now", now, now.plusSeconds(3600), 5, 1, null);
    }

    @Test
    void theChildSignerSignsATwoPersonTaskIntoOrdersItsKeyVerifies() throws Exception {
        assertThat(host.local()).isTrue();
        Person tech = trusted("Tech", false);
        Person manager = trusted("Manager", true);
        TaskSpec task = task(tech, 3);

        SignerMessages.Signed signed = signer.signTask(task, List.of(signs(tech, task.digest()), signs(manager, task.digest())));

        SignerMessages.Status status = signer.status();
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(status.publicKey())));
        assertThat(signed.orders()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            DeviceOrder order = signed.orders().get(i).order().verify(key);
            assertThat(order.deviceId()).isEqualTo(task.deviceIds().get(i));
            assertThat(order.arguments()).containsExactly("/var");
            assertThat(order.taskId()).isEqualTo(task.taskId());
        }
        assertThat(status.keyring()).extracting(SignerMessages.TrustedPasskey::displayName).contains(tech.name(), manager.name());
        // A retry of the same task gets the same orders, nonces included.
        assertThat(signer.signTask(task, List.of(signs(tech, task.digest()), signs(manager, task.digest())))).isEqualTo(signed);
        // The key and state live under STEWARD_HOME/signer, readable by its owner only.
        Path home = home().resolve("signer");
        assertThat(Files.getPosixFilePermissions(home)).hasSize(3);
        assertThat(Files.exists(home.resolve("task-key.p12"))).isTrue();
    }

    @Test
    void whoEndorsedARequestersPasskeyCannotApproveTheirTasks() {
        // An approver could vouch for a passkey they hold themselves, under a second account: were their approval to
        // count for that account's tasks, one person would request and approve alone.
        Person endorser = trusted("Endorser", true);
        Person other = trusted("Other approver", true);
        Person newcomer = new Person(UUID.randomUUID(), "Newcomer " + UUID.randomUUID().toString().substring(0, 6), SoftwarePasskey.create(new byte[]{4}));
        KeyringEntrySpec entry = new KeyringEntrySpec(newcomer.id(), newcomer.name(), newcomer.passkey().credentialId(), newcomer.passkey().publicKeyCose(),
                false, endorser.id(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        signer.trust(entry, signs(endorser, entry.digest()));
        TaskSpec task = task(newcomer, 1);
        assertThatThrownBy(() -> signer.signTask(task, List.of(signs(newcomer, task.digest()), signs(endorser, task.digest()))))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("endorsed the requester's passkey");
        assertThat(signer.signTask(task, List.of(signs(newcomer, task.digest()), signs(other, task.digest()))).orders()).hasSize(1);
    }

    @Test
    void theSignersPageIsItsOwnOriginAndStewardsFormsMayPostThere() throws Exception {
        SignerMessages.Status status = signer.status();
        assertThat(status.signingPage()).isEqualTo(signingOrigin() + "/sign").doesNotStartWith("http://localhost:" + port + "/");
        HttpResponse<String> page = http().get("/login");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'self' " + signingOrigin() + ";");
        // The page itself answers on its origin, and refuses to send a signature anywhere but to Steward.
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(status.signingPage()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("statement=" + task(trusted("Tech", false), 1).statement()
                        + "&return=https%3A%2F%2Fevil.example%2Ftasks")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("https://evil.example, which is not one of Steward&#39;s addresses");
    }

    @Test
    void refusalsComeBackWithTheSignersReasons() {
        Person tech = trusted("Tech", false);
        Person manager = trusted("Manager", true);
        TaskSpec task = task(tech, 1);
        assertThatThrownBy(() -> signer.signTask(task, List.of())).isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("unsigned");
        assertThatThrownBy(() -> signer.signTask(task, List.of(signs(tech, task.digest()))))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("only one passkey assertion");
        // The requester approving their own task with a second passkey is still one person.
        Person boss = trusted("Boss", true);
        SoftwarePasskey second = SoftwarePasskey.create(new byte[]{9});
        host.trustOnHost(boss.id(), boss.name(), second.credentialId(), second.publicKeyCose(), true);
        TaskSpec own = task(boss, 1);
        assertThatThrownBy(() -> signer.signTask(own, List.of(signs(boss, own.digest()),
                second.assertion(own.digest(), "localhost", signingOrigin()))))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("one person's passkeys count as one");
        assertThatThrownBy(() -> signer.signStandardRun(new TaskSpec(task.taskId(), task.clientId(), task.requestedBy(), task.scriptName(),
                task.scriptSha256(), task.interpreter(), "", 30, 65536, List.of(), task.deviceIds(), "now", task.notBefore(), task.notAfter(), 1, 1,
                UUID.randomUUID()))).isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("holds no standard change");
        assertThat(signer.signTask(task, List.of(signs(tech, task.digest()), signs(manager, task.digest()))).orders()).hasSize(1);
    }

    @Test
    void aPasskeyTheSignerNeverTrustedIsWorthNothing() {
        // Whatever the server's database says about this passkey (a row inserted there, say), the signer never heard of it.
        Person tech = trusted("Tech", false);
        Person intruder = new Person(UUID.randomUUID(), "Intruder", SoftwarePasskey.create(new byte[]{7}));
        TaskSpec task = task(tech, 1);
        assertThatThrownBy(() -> signer.signTask(task, List.of(signs(tech, task.digest()), signs(intruder, task.digest()))))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("not in the signer's keyring");
        // Nor can it endorse itself into the keyring.
        KeyringEntrySpec self = new KeyringEntrySpec(intruder.id(), "Intruder", intruder.passkey().credentialId(), intruder.passkey().publicKeyCose(),
                true, intruder.id(), Instant.now());
        assertThatThrownBy(() -> signer.trust(self, signs(intruder, self.digest())))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("endorsing passkey is not in the signer's keyring");
    }

    @Test
    void aStandardChangeTwoPeopleApprovedLetsRunsInsideItThrough() {
        Person tech = trusted("Tech", false);
        Person manager = trusted("Manager", true);
        UUID client = UUID.randomUUID();
        io.steward.protocol.task.StandardChangeSpec change = new io.steward.protocol.task.StandardChangeSpec(UUID.randomUUID(), tech.id(),
                "Disk report", "c".repeat(64), "sh", "", 60, 65536,
                List.of(new io.steward.protocol.task.StandardChangeSpec.Allowed("path", Parameter.Delivery.ARGUMENT, List.of("/var", "/tmp"))),
                client, Instant.now().plusSeconds(86_400));
        assertThatThrownBy(() -> signer.adoptStandardChange(change, List.of(signs(manager, change.digest()))))
                .isInstanceOf(SignerGateway.Refused.class);
        signer.adoptStandardChange(change, List.of(signs(tech, change.digest()), signs(manager, change.digest())));
        assertThat(signer.status().standardChanges()).contains(change);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<UUID> device = List.of(UUID.randomUUID());
        TaskSpec inside = new TaskSpec(UUID.randomUUID(), client, tech.id(), "Disk report", "c".repeat(64), "sh", "", 30, 65536,
                List.of(new Parameter("path", Parameter.Delivery.ARGUMENT, "/tmp")), device, "now", now, now.plusSeconds(600), 1, 1, change.id());
        assertThat(signer.signStandardRun(inside).orders()).hasSize(1);
        TaskSpec outside = new TaskSpec(UUID.randomUUID(), client, tech.id(), "Disk report", "c".repeat(64), "sh", "", 30, 65536,
                List.of(new Parameter("path", Parameter.Delivery.ARGUMENT, "/")), device, "now", now, now.plusSeconds(600), 1, 1, change.id());
        assertThatThrownBy(() -> signer.signStandardRun(outside)).isInstanceOf(SignerGateway.Refused.class)
                .hasMessageContaining("not one the standard change allows");
    }

    @Test
    void theChannelWantsItsToken() throws Exception {
        Path home = home().resolve("signer");
        String url = Files.readString(home.resolve("listening")).trim();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/status"))
                .header("Authorization", "Bearer " + "0".repeat(64)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Files.readString(home.resolve("channel-token"), StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
    }

    @Test
    void adminsSeeTheSignerAndEndorseAPasskeyWithTheirOwn() throws Exception {
        Http admin = signedIn(DemoLogins.ADMIN);
        UUID adminId = UUID.fromString(json.readTree(admin.getJson("/api/v1/me").body()).get("userId").asString());
        SoftwarePasskey adminKey = SoftwarePasskey.create(adminId.toString().getBytes(StandardCharsets.UTF_8));
        host.trustOnHost(adminId, "Demo admin", adminKey.credentialId(), adminKey.publicKeyCose(), true);

        HttpResponse<String> view = admin.getJson("/api/v1/automation/signer");
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode v = json.readTree(view.body());
        assertThat(v.get("reachable").asBoolean()).isTrue();
        assertThat(v.get("status").get("fingerprint").asString()).isEqualTo(signer.status().fingerprint());

        SoftwarePasskey colleague = SoftwarePasskey.create(new byte[]{5});
        UUID colleagueId = UUID.randomUUID();
        long at = Instant.now().getEpochSecond();
        KeyringEntrySpec entry = new KeyringEntrySpec(colleagueId, "Colleague", colleague.credentialId(), colleague.publicKeyCose(), false, adminId,
                Instant.ofEpochSecond(at));
        PasskeyAssertion endorsement = adminKey.assertion(entry.digest(), "localhost", signingOrigin());
        HttpResponse<String> ok = admin.json("POST", "/api/v1/automation/signer/keyring", json.writeValueAsString(
                new SignerKeyring.Endorsement(colleagueId, "Colleague", colleague.credentialId(), colleague.publicKeyCose(), false, at, endorsement)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        assertThat(signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::credentialId).contains(colleague.credentialId());

        // The same entry signed by a passkey the signer does not trust: 403 with the signer's reason, nothing added.
        SoftwarePasskey other = SoftwarePasskey.create(new byte[]{6});
        KeyringEntrySpec forged = new KeyringEntrySpec(UUID.randomUUID(), "Forged", other.credentialId(), other.publicKeyCose(), false, adminId,
                Instant.ofEpochSecond(at));
        HttpResponse<String> refused = admin.json("POST", "/api/v1/automation/signer/keyring", json.writeValueAsString(
                new SignerKeyring.Endorsement(forged.personId(), "Forged", other.credentialId(), other.publicKeyCose(), false, at,
                        other.assertion(forged.digest(), "localhost", signingOrigin()))));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("endorsing passkey is not in the signer's keyring");
        assertThat(signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::credentialId).doesNotContain(other.credentialId());

        // A trusted approver's valid endorsement of an approver is refused: one approver must not mint a second one.
        SoftwarePasskey sock = SoftwarePasskey.create(new byte[]{8});
        KeyringEntrySpec asApprover = new KeyringEntrySpec(UUID.randomUUID(), "Sock", sock.credentialId(), sock.publicKeyCose(), true, adminId,
                Instant.ofEpochSecond(at));
        HttpResponse<String> approver = admin.json("POST", "/api/v1/automation/signer/keyring", json.writeValueAsString(
                new SignerKeyring.Endorsement(asApprover.personId(), "Sock", sock.credentialId(), sock.publicKeyCose(), true, at,
                        adminKey.assertion(asApprover.digest(), "localhost", signingOrigin()))));
        assertThat(approver.statusCode()).isEqualTo(403);
        assertThat(approver.body()).contains("approvers are trusted only on the signer's own host");
        // And the signer itself refuses it, whoever asks it over the channel.
        assertThatThrownBy(() -> signer.trust(asApprover, adminKey.assertion(asApprover.digest(), "localhost", signingOrigin())))
                .isInstanceOf(SignerGateway.Refused.class).hasMessageContaining("may only add a requester");
        assertThat(signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::credentialId).doesNotContain(sock.credentialId());

        String page = admin.page("/automation/signer");
        assertThat(page).contains("signer-fingerprint", signer.status().fingerprint(), "Colleague");
        assertThat(page).doesNotContain("name=\"approver\"", "Trust as approver");
        // The child signer of the tests is local: the page warns that the server's user can reach its key.
        assertThat(v.get("local").asBoolean()).isTrue();
        assertThat(page.replaceAll("\\s+", " ")).contains("id=\"signer-local-warning\"",
                "The signer runs on this host as the server's child, under the server's user: its key and keyring are within reach of "
                        + "whoever controls the server; run it as its own service, user and host for the guarantee");
    }

    @Test
    void techniciansSeeNoSigner() {
        Http tech = signedIn(DemoLogins.TIER1);
        assertThat(tech.getJson("/api/v1/automation/signer").statusCode()).isEqualTo(403);
        assertThat(tech.get("/automation/signer").statusCode()).isEqualTo(403);
        HttpResponse<String> manager = signedIn(DemoLogins.MANAGER).getJson("/api/v1/automation/signer");
        assertThat(manager.statusCode()).isEqualTo(200);
    }
}
