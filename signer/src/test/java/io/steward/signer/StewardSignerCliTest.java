package io.steward.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.SoftwarePasskey;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.JsonFiles;
import io.steward.signer.state.TaskKeyStore;
import picocli.CommandLine;

/** The host's command line as an operator types it: init, trust add, rotate, log verify (and a tampered log). */
class StewardSignerCliTest {
    @TempDir
    Path tmp;

    private int run(String... args) {
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return new CommandLine(new StewardSigner()).execute(args);
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void anOperatorInitialisesTrustsRotatesAndVerifiesTheLog() throws Exception {
        Path home = tmp.resolve("home");
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "operator passphrase\n");
        assertThat(run("init", "--home", home.toString(), "--passphrase-file", pass.toString(), "--rp-id", "rmm.example.net", "--steward-origin",
                "https://rmm.example.net,https://rmm.example.net:8443", "--page-listen", "0.0.0.0:9443", "--page-origin", "https://signer.rmm.example.net:9443",
                "--max-devices-per-task", "50", "--max-devices-per-hour", "200")).isZero();
        HostConfig config = HostConfig.read(home.resolve("signer.properties"));
        assertThat(config.stewardOrigins()).containsExactly("https://rmm.example.net", "https://rmm.example.net:8443");
        assertThat(config.pageOrigin(9443)).isEqualTo("https://signer.rmm.example.net:9443");
        assertThat(config.pagePort()).isEqualTo(9443);
        assertThat(config.maxDevicesPerHour()).isEqualTo(200);
        assertThat(Files.readString(home.resolve("channel-token"))).matches("[0-9a-f]{64}");
        // The passphrase is the file's first line, without its line end.
        KeyPair first = TaskKeyStore.load(home.resolve("task-key.p12"), "operator passphrase".toCharArray());

        SoftwarePasskey p = SoftwarePasskey.create(new byte[]{1});
        UUID person = UUID.randomUUID();
        assertThat(run("trust", "add", "--home", home.toString(), "--person", person.toString(), "--name", "Alex", "--credential-id",
                p.credentialId(), "--public-key", p.publicKeyCose(), "--approver")).isZero();
        assertThat(Files.readString(home.resolve("keyring.json"))).contains(p.credentialId(), "\"approver\":true");
        // A public key that is not a COSE key is refused on the host too.
        assertThat(run("trust", "add", "--home", home.toString(), "--person", person.toString(), "--name", "Alex", "--credential-id", "x",
                "--public-key", "AAAA")).isNotZero();

        // A serving signer picks up the rotation without a restart.
        KeyHolder serving = new KeyHolder(home.resolve("task-key.p12"), "operator passphrase".toCharArray());
        assertThat(serving.get().getPublic()).isEqualTo(first.getPublic());
        Thread.sleep(20);
        assertThat(run("rotate", "--home", home.toString(), "--passphrase-file", pass.toString())).isZero();
        Files.setLastModifiedTime(home.resolve("task-key.p12"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(serving.get().getPublic()).isNotEqualTo(first.getPublic());

        assertThat(run("log", "verify", "--home", home.toString())).isZero();
        List<String> lines = Files.readAllLines(home.resolve("signer.log"));
        assertThat(lines).hasSize(3);
        Files.writeString(home.resolve("signer.log"), String.join("\n", lines).replace("approver true", "approver false") + "\n");
        assertThat(JsonFiles.JSON.readTree(lines.get(1)).get("event").asString()).isEqualTo("keyring-add");
        assertThat(run("log", "verify", "--home", home.toString())).isNotZero();
    }

    @Test
    void theHostRemovesAPasskeyAndRevokesAStandardChangeAndAServingSignerObeysAtOnce() throws Exception {
        Fixture f = new Fixture(tmp);
        Fixture.Person tech = f.trusted("Tina Tech", false);
        Fixture.Person manager = f.trusted("Mona Manager", true);
        Fixture.Person deputy = f.trusted("Dora Deputy", true);
        io.steward.protocol.task.StandardChangeSpec change = new io.steward.protocol.task.StandardChangeSpec(UUID.randomUUID(), tech.id,
                "Clear temp", Fixture.SCRIPT, "bash", "", 120, 65536, List.of(), Fixture.CLIENT, f.clock.instant().plusSeconds(86_400));
        io.steward.protocol.task.SignerMessages.AdoptStandardChange adoption = new io.steward.protocol.task.SignerMessages.AdoptStandardChange(
                change, List.of(tech.signs(change.digest()), manager.signs(change.digest())));
        f.signer.adopt(adoption);
        assertThat(f.signer.signStandardRun(new io.steward.protocol.task.SignerMessages.SignStandardRun(f.task(tech, 1, change.id(), List.of())))
                .orders()).hasSize(1);

        assertThat(run("standard-change", "revoke", "--home", f.dir.toString(), "--id", change.id().toString())).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.signer.signStandardRun(
                new io.steward.protocol.task.SignerMessages.SignStandardRun(f.task(tech, 1, change.id(), List.of()))))
                .hasMessageContaining("holds no standard change");
        // Nor can the channel bring it back with fresh approvals.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.signer.adopt(new io.steward.protocol.task.SignerMessages.AdoptStandardChange(
                change, List.of(tech.signs(change.digest()), manager.signs(change.digest()))))).hasMessageContaining("revoked on the signer's host");
        assertThat(run("standard-change", "revoke", "--home", f.dir.toString(), "--id", UUID.randomUUID().toString())).isNotZero();

        assertThat(run("trust", "remove", "--home", f.dir.toString(), "--credential-id", manager.passkey.credentialId())).isZero();
        io.steward.protocol.task.TaskSpec task = f.task(tech, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.signer.signTask(new io.steward.protocol.task.SignerMessages.SignTask(task,
                List.of(tech.signs(task.digest()), manager.signs(task.digest()))))).hasMessageContaining("not in the signer's keyring");
        // Another approver cannot endorse the removed passkey back in; only the host can.
        io.steward.protocol.task.KeyringEntrySpec back = new io.steward.protocol.task.KeyringEntrySpec(manager.id, manager.name,
                manager.passkey.credentialId(), manager.passkey.publicKeyCose(), false, deputy.id, f.clock.instant());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.signer.trust(new io.steward.protocol.task.SignerMessages.Trust(back,
                deputy.signs(back.digest())))).hasMessageContaining("removed on the signer's host");
        assertThat(run("trust", "remove", "--home", f.dir.toString(), "--credential-id", manager.passkey.credentialId())).isNotZero();

        io.steward.signer.state.SignerLog.Verification log = io.steward.signer.state.SignerLog.verify(f.dir.resolve("signer.log"));
        assertThat(log.intact()).isTrue();
        assertThat(Files.readAllLines(f.dir.resolve("signer.log"), StandardCharsets.UTF_8)).anyMatch(l -> l.contains("standard-change-revoke"))
                .anyMatch(l -> l.contains("keyring-remove") && l.contains(manager.passkey.credentialId()));
    }

    @Test
    void withoutAPassphraseNothingIsMade() {
        Path home = tmp.resolve("nopass");
        assertThat(run("init", "--home", home.toString(), "--passphrase-file", tmp.resolve("missing").toString())).isNotZero();
        assertThat(Files.exists(home.resolve("task-key.p12"))).isFalse();
    }
}
