package io.steward.bench.release;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseToolTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, String... args) {
        CommandLine cmd = new CommandLine(new ReleaseTool());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return cmd.execute(args);
    }

    private Path jar(String version) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, m).close();
        return Files.write(dir.resolve("steward-agent.jar"), bytes.toByteArray());
    }

    @Test
    void keygenThenSignMakesAManifestTheAgentVerifiesWithThePublicKey() throws Exception {
        StringWriter out = new StringWriter();
        Path keys = dir.resolve("keys");
        assertThat(run(out, "keygen", "--dir", keys.toString())).as(out.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(keys.resolve("release.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String pub = Files.readString(keys.resolve("release.pub")).strip();
        assertThat(out.toString()).contains("--release-key " + pub);
        assertThat(run(new StringWriter(), "keygen", "--dir", keys.toString())).isEqualTo(2);

        Path jar = jar("0.3.1");
        StringWriter signOut = new StringWriter();
        assertThat(run(signOut, "sign", "--key", keys.resolve("release.key").toString(), "--jar", jar.toString())).as(signOut.toString()).isZero();
        ReleaseManifest m = ReleaseManifest.verify(Files.readString(dir.resolve("steward-agent.jar.release")), DeviceKeys.decodePublic(pub));
        byte[] bytes = Files.readAllBytes(jar);
        assertThat(m).isEqualTo(new ReleaseManifest("0.3.1", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes.length));

        // A version that is not the jar's is refused rather than signed.
        assertThat(run(new StringWriter(), "sign", "--key", keys.resolve("release.key").toString(), "--jar", jar.toString(), "--version", "9.9.9"))
                .isEqualTo(2);
    }
}
