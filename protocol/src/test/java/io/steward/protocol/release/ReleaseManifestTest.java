package io.steward.protocol.release;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest.ReleaseRefused;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseManifestTest {
    private final KeyPair release = DeviceKeys.generate();
    private final byte[] jar = "the agent jar".getBytes();

    private ReleaseManifest manifest() throws Exception {
        return new ReleaseManifest("0.2.0", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), jar.length);
    }

    @Test
    void aSignedManifestVerifiesWithTheReleaseKeyAndChecksTheJar() throws Exception {
        String signed = manifest().sign(release.getPrivate());
        assertThat(signed).startsWith("steward-agent-release 1\nversion 0.2.0\nsha256 ").contains("\nsignature ").endsWith("\n");
        ReleaseManifest m = ReleaseManifest.verify(signed, release.getPublic());
        assertThat(m).isEqualTo(manifest());
        m.checkJar(jar.length, MessageDigest.getInstance("SHA-256").digest(jar));
    }

    @Test
    void anotherKeyATamperedLineOrNoSignatureIsRefused() throws Exception {
        String signed = manifest().sign(release.getPrivate());
        KeyPair other = DeviceKeys.generate();
        assertThatThrownBy(() -> ReleaseManifest.verify(manifest().sign(other.getPrivate()), release.getPublic()))
                .isInstanceOf(ReleaseRefused.class).hasMessageContaining("not the pinned release key's");
        assertThatThrownBy(() -> ReleaseManifest.verify(signed.replace("version 0.2.0", "version 0.3.0"), release.getPublic()))
                .isInstanceOf(ReleaseRefused.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> ReleaseManifest.verify(signed.replace("size " + jar.length, "size " + (jar.length + 1)), release.getPublic()))
                .isInstanceOf(ReleaseRefused.class);
        String unsigned = new String(manifest().canonical()) + "signature \n";
        assertThatThrownBy(() -> ReleaseManifest.verify(unsigned, release.getPublic())).hasMessageContaining("not signed");
        assertThatThrownBy(() -> ReleaseManifest.verify(new String(manifest().canonical()), release.getPublic()))
                .hasMessageContaining("not a release manifest");
        assertThatThrownBy(() -> ReleaseManifest.verify(signed + "extra\n", release.getPublic())).hasMessageContaining("not a release manifest");
        assertThatThrownBy(() -> ReleaseManifest.verify(null, release.getPublic())).isInstanceOf(ReleaseRefused.class);
    }

    @Test
    void aJarOfAnotherSizeOrDigestIsRefused() throws Exception {
        ReleaseManifest m = manifest();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(jar);
        assertThatThrownBy(() -> m.checkJar(jar.length + 1, digest)).hasMessageContaining("bytes");
        digest[0] ^= 1;
        assertThatThrownBy(() -> m.checkJar(jar.length, digest)).hasMessageContaining("SHA-256");
    }

    @Test
    void malformedFieldsAreRefusedWhenMade() {
        assertThatThrownBy(() -> new ReleaseManifest("0.2.0; rm -rf /", "a".repeat(64), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseManifest("0.2.0", "A".repeat(64), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseManifest("0.2.0", "a".repeat(64), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseManifest("0.2.0", "a".repeat(64), ReleaseManifest.MAX_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsOrderByNumbersThenAQualifierBeforeNone() {
        assertThat(ReleaseVersion.parse("0.10.0")).isGreaterThan(ReleaseVersion.parse("0.9.9"));
        assertThat(ReleaseVersion.parse("0.2.0-SNAPSHOT")).isLessThan(ReleaseVersion.parse("0.2.0"));
        assertThat(ReleaseVersion.parse("0.2")).isEqualByComparingTo(ReleaseVersion.parse("0.2.0"));
        assertThat(ReleaseVersion.parse("1.0.0-rc.2")).isGreaterThan(ReleaseVersion.parse("1.0.0-rc.1"));
        assertThat(ReleaseVersion.parse("0.2.0-SNAPSHOT")).hasToString("0.2.0-SNAPSHOT");
        assertThat(ReleaseVersion.valid("development")).isFalse();
        assertThat(ReleaseVersion.valid("1..2")).isFalse();
        assertThat(ReleaseVersion.valid("1.2/../x")).isFalse();
    }
}
