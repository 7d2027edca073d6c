package io.steward.signer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.TaskKeys;
import io.steward.signer.HostCommands;

class TaskKeyStoreTest {
    @TempDir
    Path tmp;
    final char[] pass = "correct horse".toCharArray();
    final Instant now = Instant.parse("2026-02-28T23:00:00Z");

    @Test
    void theKeyComesBackFromThePkcs12FileOnlyWithItsPassphrase() throws Exception {
        Path file = tmp.resolve("task-key.p12");
        KeyPair made = TaskKeyStore.create(file, pass, now);
        KeyPair loaded = TaskKeyStore.load(file, pass);
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(made.getPublic().getEncoded());
        byte[] statement = "a statement".getBytes(StandardCharsets.UTF_8);
        assertThat(TaskKeys.verify(made.getPublic(), statement, TaskKeys.sign(loaded.getPrivate(), statement))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            ks.load(in, pass);
        }
        assertThat(Collections.list(ks.aliases())).containsExactly("task-key");
        assertThatThrownBy(() -> TaskKeyStore.load(file, "wrong".toCharArray())).hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> TaskKeyStore.create(file, pass, now)).hasMessageContaining("initialised already");
    }

    @Test
    void aRotationIsSignedByTheOldKeyAndKeptWithTheOldKeyRetired() throws Exception {
        Path home = tmp.resolve("signer");
        KeyPair first = HostCommands.init(home, pass, new HostConfig("127.0.0.1:0", "channel-token", "localhost", "127.0.0.1:0",
                "http://localhost:0", java.util.List.of("https://localhost"),
                10, 10), now);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        KeyRotation rotation = HostCommands.rotate(home, pass, now.plusSeconds(60));
        KeyPair second = TaskKeyStore.load(home.resolve("task-key.p12"), pass);
        assertThat(second.getPublic().getEncoded()).isNotEqualTo(first.getPublic().getEncoded());
        assertThat(rotation.verify(first.getPublic())).isEqualTo(Base64.getEncoder().encodeToString(second.getPublic().getEncoded()));
        assertThatThrownBy(() -> rotation.verify(second.getPublic())).isInstanceOf(IllegalArgumentException.class);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(home.resolve("task-key.p12"))) {
            ks.load(in, pass);
        }
        assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrder("task-key", "retired-" + now.plusSeconds(60).getEpochSecond());
        assertThat(Files.readString(home.resolve("rotations.json"))).contains(rotation.signature());
        assertThat(SignerLog.verify(home.resolve("signer.log")).lines()).isEqualTo(2);
    }
}
