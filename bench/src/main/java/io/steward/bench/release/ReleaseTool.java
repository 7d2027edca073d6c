package io.steward.bench.release;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code steward-release}: the release key's tool, kept away from the server and the task signer. {@code keygen}
 * makes the Ed25519 release key pair (the private key stays with whoever publishes agent versions; agents pin the
 * public key at enrollment); {@code sign} writes the signed manifest {version, sha256, size} of an agent jar, which
 * is uploaded to Steward together with the jar. Run as {@code bin/steward-release ...}.
 */
@Command(name = "steward-release", mixinStandardHelpOptions = true, description = "Agent release key and signed release manifests.",
        subcommands = {ReleaseTool.Keygen.class, ReleaseTool.Sign.class})
public final class ReleaseTool implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReleaseTool()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    static String fingerprint(byte[] encodedPublic) {
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(encodedPublic));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make a release key pair: release.key (private, 0600) and release.pub.")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, description = "Directory to write release.key and release.pub to (not overwritten).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path key = dir.resolve("release.key");
            Path pub = dir.resolve("release.pub");
            if (Files.exists(key) || Files.exists(pub)) {
                spec.commandLine().getErr().println(dir + " already holds a release key: not replaced");
                return 2;
            }
            Files.createDirectories(dir);
            KeyPair pair = DeviceKeys.generate();
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(key, DeviceKeys.encodePrivate(pair.getPrivate()), StandardOpenOption.TRUNCATE_EXISTING);
            String encoded = DeviceKeys.encodePublic(pair.getPublic());
            Files.writeString(pub, encoded + "\n", StandardCharsets.US_ASCII);
            PrintWriter out = spec.commandLine().getOut();
            out.println("release key:  " + key + " (keep it off the Steward server)");
            out.println("public key:   " + encoded);
            out.println("fingerprint:  " + fingerprint(pair.getPublic().getEncoded()));
            out.println("Agents pin it at enrollment: steward-agent enroll ... --release-key " + encoded);
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true, description = "Write the signed release manifest of an agent jar.")
    static final class Sign implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, description = "The release key (release.key from keygen).")
        Path key;

        @Option(names = "--jar", required = true, description = "The agent jar to release.")
        Path jar;

        @Option(names = "--version", description = "The version; must be what the jar's manifest says (default: that).")
        String version;

        @Option(names = "--out", description = "Where the manifest goes (default: <jar>.release).")
        Path out;

        @Override
        public Integer call() throws IOException {
            String inJar;
            try (JarFile j = new JarFile(jar.toFile())) {
                inJar = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Implementation-Version");
            }
            if (inJar == null) {
                spec.commandLine().getErr().println(jar + " has no Implementation-Version: the agent could not check it");
                return 2;
            }
            if (version != null && !version.equals(inJar)) {
                spec.commandLine().getErr().println(jar + " says it is " + inJar + ", not " + version + ": not signed");
                return 2;
            }
            byte[] bytes = Files.readAllBytes(jar);
            ReleaseManifest manifest;
            try {
                manifest = new ReleaseManifest(inJar, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes.length);
            } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
                spec.commandLine().getErr().println("cannot sign: " + e.getMessage());
                return 2;
            }
            String signed = manifest.sign(DeviceKeys.decodePrivate(Files.readAllBytes(key)));
            Path target = out != null ? out : jar.resolveSibling(jar.getFileName() + ".release");
            Files.writeString(target, signed, StandardCharsets.UTF_8);
            spec.commandLine().getOut().print(signed);
            spec.commandLine().getOut().println("written to " + target);
            return 0;
        }
    }
}
