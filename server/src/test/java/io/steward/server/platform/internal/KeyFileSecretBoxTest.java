package io.steward.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import io.steward.server.platform.StartupProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileSecretBoxTest {

    @TempDir
    Path home;

    @Test
    void sealsSoOnlyTheSameKeyOpens() throws Exception {
        KeyFileSecretBox box = KeyFileSecretBox.load("", home);
        String sealed = box.seal("imap-password-ü");
        assertThat(sealed).startsWith("v1.").doesNotContain("imap-password");
        assertThat(box.seal("imap-password-ü")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo("imap-password-ü");

        Path file = home.resolve("keys/secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyFileSecretBox.load("", home).open(sealed)).as("a restart reads the same key file").isEqualTo("imap-password-ü");

        String other = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> KeyFileSecretBox.load(other, home).open(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesTamperedAndForeignValues() {
        KeyFileSecretBox box = KeyFileSecretBox.load("", home);
        String sealed = box.seal("secret");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("secret")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("v1.AAAA")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void macsDependOnPurposeAndKey() {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        KeyFileSecretBox box = KeyFileSecretBox.load(key, home);
        byte[] data = "ticket:42".getBytes(StandardCharsets.UTF_8);
        assertThat(box.mac("message-id", data)).hasSize(32).isEqualTo(KeyFileSecretBox.load(key, home).mac("message-id", data));
        assertThat(box.mac("message-id", data)).isNotEqualTo(box.mac("webhook", data));
        assertThat(Files.exists(home.resolve("keys/secret.key"))).as("a configured key writes no file").isFalse();
        assertThat(box.mac("message-id", data)).isNotEqualTo(KeyFileSecretBox.load("", home).mac("message-id", data));
    }

    @Test
    void aBadConfiguredKeyStopsTheStartWithItsReason() {
        assertThatThrownBy(() -> KeyFileSecretBox.load("not base64!", home)).isInstanceOf(StartupProblem.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> KeyFileSecretBox.load(Base64.getEncoder().encodeToString(new byte[16]), home))
                .isInstanceOf(StartupProblem.class).hasMessageContaining("32 bytes");
    }
}
