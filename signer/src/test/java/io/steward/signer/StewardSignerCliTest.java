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
        assertThat(run("init", "--home", home.toString(), "--passphrase-file", pass.toString(), "--rp-id", "rmm.example.net", "--origin",
                "https://rmm.example.net,https://rmm.example.net:8443", "--max-devices-per-task", "50", "--max-devices-per-hour", "200")).isZero();
        HostConfig config = HostConfig.read(home.resolve("signer.properties"));
        assertThat(config.origins()).containsExactly("https://rmm.example.net", "https://rmm.example.net:8443");
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
    void withoutAPassphraseNothingIsMade() {
        Path home = tmp.resolve("nopass");
        assertThat(run("init", "--home", home.toString(), "--passphrase-file", tmp.resolve("missing").toString())).isNotZero();
        assertThat(Files.exists(home.resolve("task-key.p12"))).isFalse();
    }
}
