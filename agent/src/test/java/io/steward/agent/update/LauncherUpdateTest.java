package io.steward.agent.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's side of self-update (agent/packaging/steward-agent, run by sh with a Java that prints its arguments):
 * it runs the jar {@code releases/current} names, and at a start past an unconfirmed trial's deadline puts the
 * previous one back, so a new version that cannot even start is rolled back.
 */
class LauncherUpdateTest {
    private static final Path LAUNCHER = Path.of("packaging/steward-agent").toAbsolutePath();

    @TempDir
    Path dir;

    private Path state() throws IOException {
        return Files.createDirectories(dir.resolve("state"));
    }

    private Path releases() throws IOException {
        return Files.createDirectories(state().resolve("releases"));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(releases().resolve(name), content);
    }

    private String launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path java = dir.resolve("java");
        if (!Files.exists(java)) {
            Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        }
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("sh", LAUNCHER.toString()), Stream.of(args)).toList());
        pb.environment().put("JAVA", java.toString());
        pb.environment().remove("STEWARD_AGENT_JAR");
        pb.environment().put("STEWARD_AGENT_STATE", state().toString());
        pb.environment().remove("STEWARD_AGENT_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private String jarIn(String out) {
        String[] words = out.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("-jar")) {
                return words[i + 1];
            }
        }
        return "";
    }

    private static long epoch(Duration fromNow) {
        return Instant.now().plus(fromNow).getEpochSecond();
    }

    @Test
    void runsTheCurrentReleaseWhileItsTrialLastsAndPassesTheStateDirectory() throws Exception {
        write("steward-agent-0.2.0.jar", "new");
        write("current", "steward-agent-0.2.0.jar\n");
        write("trial", "version=0.2.0\nprevious=\ndeadline=" + epoch(Duration.ofMinutes(10)) + "\n");
        String out = launch(Map.of(), "run", "--config-dir", "/etc/steward-agent");
        assertThat(jarIn(out)).isEqualTo(releases().resolve("steward-agent-0.2.0.jar").toString());
        assertThat(out).contains("-Dsteward.agent.state=" + state());
        assertThat(releases().resolve("trial")).exists();
        // An explicit jar still wins.
        assertThat(jarIn(launch(Map.of("STEWARD_AGENT_JAR", "/x/other.jar"), "run"))).isEqualTo("/x/other.jar");
    }

    @Test
    void pastTheDeadlineThePreviousJarComesBackAndTheVersionIsNotedAsFailed() throws Exception {
        write("steward-agent-0.1.0.jar", "old");
        write("steward-agent-0.2.0.jar", "new, never checked in");
        write("current", "steward-agent-0.2.0.jar\n");
        write("trial", "version=0.2.0\nprevious=steward-agent-0.1.0.jar\ndeadline=" + epoch(Duration.ofMinutes(-1)) + "\n");
        // Only `run` rolls back; `status` shows what is current.
        assertThat(jarIn(launch(Map.of(), "status"))).endsWith("steward-agent-0.2.0.jar");

        String out = launch(Map.of(), "run");

        assertThat(jarIn(out)).isEqualTo(releases().resolve("steward-agent-0.1.0.jar").toString());
        assertThat(out).contains("did not check in before its deadline");
        assertThat(Files.readString(releases().resolve("current"))).isEqualTo("steward-agent-0.1.0.jar\n");
        assertThat(Files.readString(releases().resolve("failed"))).isEqualTo("0.2.0\n");
        assertThat(releases().resolve("trial")).doesNotExist();
        assertThat(new ReleaseDirectory(state()).failed()).containsExactly("0.2.0");
    }

    @Test
    void withoutAPreviousReleaseTheInstalledJarComesBack() throws Exception {
        write("steward-agent-0.2.0.jar", "new");
        write("current", "steward-agent-0.2.0.jar\n");
        write("trial", "version=0.2.0\nprevious=\ndeadline=" + epoch(Duration.ofMinutes(-1)) + "\n");
        assertThat(jarIn(launch(Map.of(), "run"))).isEqualTo(LAUNCHER.resolveSibling("steward-agent.jar").toString());
        assertThat(releases().resolve("current")).doesNotExist();
    }

    @Test
    void aCurrentNameOutsideTheReleasesDirectoryIsIgnored() throws Exception {
        Files.writeString(dir.resolve("evil.jar"), "x");
        write("current", "../../evil.jar\n");
        assertThat(jarIn(launch(Map.of(), "run"))).isEqualTo(LAUNCHER.resolveSibling("steward-agent.jar").toString());
        write("current", "steward-agent-../../evil.jar\n");
        assertThat(jarIn(launch(Map.of(), "run"))).isEqualTo(LAUNCHER.resolveSibling("steward-agent.jar").toString());
    }

    /** A tampered update over real HTTP is refused, and the next start still runs the version that was running. */
    @Test
    void aRefusedUpdateLeavesTheRunningVersionInPlace() throws Exception {
        write("steward-agent-0.1.0.jar", "running");
        write("current", "steward-agent-0.1.0.jar\n");
        KeyPair device = DeviceKeys.generate();
        KeyPair release = DeviceKeys.generate();
        try (ReleaseServer server = new ReleaseServer(device.getPublic())) {
            byte[] jar = ReleaseServer.agentJar("0.2.0");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
            String signed = new ReleaseManifest("0.2.0", sha, jar.length).sign(release.getPrivate());
            jar[jar.length - 10] ^= 1;
            server.jar = jar;
            com.google.gson.JsonObject offer = new com.google.gson.JsonObject();
            offer.addProperty("version", "0.2.0");
            offer.addProperty("manifest", signed);
            offer.addProperty("downloadPath", "/downloads/agent-releases/0.2.0.jar");
            server.offerJson = offer.toString();
            Updater updater = new Updater(new AgentHttp(server.uri(), Optional.empty(), Clock.systemUTC()), "dev-1", device.getPrivate(),
                    new SequenceFile(dir), release.getPublic(), new ReleaseDirectory(state()), "0.1.0", Duration.ofMinutes(15), Clock.systemUTC());
            assertThat(updater.check()).isInstanceOf(Updater.Outcome.Refused.class);
            assertThat(server.downloads).isEqualTo(1);
        }
        assertThat(jarIn(launch(Map.of(), "run"))).isEqualTo(releases().resolve("steward-agent-0.1.0.jar").toString());
        try (Stream<Path> files = Files.list(releases())) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("current", "steward-agent-0.1.0.jar");
        }
    }
}
