package io.steward.agent.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The updater against a real loopback HTTP server, with real jars and files in a temporary state directory. */
class UpdaterTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final KeyPair device = DeviceKeys.generate();
    private final KeyPair release = DeviceKeys.generate();
    private ReleaseServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new ReleaseServer(device.getPublic());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Updater updater(String running, Clock clock) {
        AgentHttp http = new AgentHttp(server.uri(), Optional.empty(), clock);
        return new Updater(http, "dev-1", device.getPrivate(), new SequenceFile(dir), release.getPublic(),
                new ReleaseDirectory(dir.resolve("state")), running, Duration.ofMinutes(15), clock);
    }

    private Updater updater(String running) {
        return updater(running, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void offer(String version, byte[] jar, String signedManifest) {
        server.jar = jar;
        JsonObject o = new JsonObject();
        o.addProperty("version", version);
        o.addProperty("manifest", signedManifest);
        o.addProperty("downloadPath", "/downloads/agent-releases/" + version + "/steward-agent.jar");
        server.offerJson = o.toString();
    }

    private static ReleaseManifest manifestOf(String version, byte[] jar) throws Exception {
        return new ReleaseManifest(version, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), jar.length);
    }

    private Path releases() {
        return dir.resolve("state/releases");
    }

    private java.util.List<String> files() throws Exception {
        if (!Files.isDirectory(releases())) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(releases())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSignedNewerReleaseIsDownloadedCheckedAndMadeCurrentOnTrial() throws Exception {
        byte[] jar = ReleaseServer.agentJar("0.2.0");
        offer("0.2.0", jar, manifestOf("0.2.0", jar).sign(release.getPrivate()));

        assertThat(updater("0.1.0").check()).isEqualTo(new Updater.Outcome.Staged("0.2.0"));

        assertThat(server.checks).singleElement().satisfies(c -> assertThat(c).contains("\"version\":\"0.1.0\""));
        assertThat(Files.readAllBytes(releases().resolve("steward-agent-0.2.0.jar"))).isEqualTo(jar);
        ReleaseDirectory r = new ReleaseDirectory(dir.resolve("state"));
        assertThat(r.current()).contains("steward-agent-0.2.0.jar");
        assertThat(r.trial()).contains(new ReleaseDirectory.Trial("0.2.0", "", NOW.plus(Duration.ofMinutes(15))));
        assertThat(files()).containsExactly("current", "steward-agent-0.2.0.jar", "trial");
    }

    @Test
    void aTamperedJarIsRefusedAndNothingChanges() throws Exception {
        byte[] jar = ReleaseServer.agentJar("0.2.0");
        String signed = manifestOf("0.2.0", jar).sign(release.getPrivate());
        byte[] tampered = jar.clone();
        tampered[tampered.length / 2] ^= 1;
        offer("0.2.0", tampered, signed);

        Updater.Outcome outcome = updater("0.1.0").check();

        assertThat(outcome).isInstanceOfSatisfying(Updater.Outcome.Refused.class, r -> assertThat(r.reason()).contains("SHA-256"));
        assertThat(server.downloads).isEqualTo(1);
        assertThat(files()).isEmpty();
    }

    @Test
    void anUnsignedOrForeignSignedManifestIsRefusedBeforeAnyDownload() throws Exception {
        byte[] jar = ReleaseServer.agentJar("0.2.0");
        offer("0.2.0", jar, new String(manifestOf("0.2.0", jar).canonical()) + "signature \n");
        assertThat(updater("0.1.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                r -> assertThat(r.reason()).contains("not signed"));
        // Signed by a key the device did not pin, e.g. one a compromised server made.
        offer("0.2.0", jar, manifestOf("0.2.0", jar).sign(DeviceKeys.generate().getPrivate()));
        assertThat(updater("0.1.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                r -> assertThat(r.reason()).contains("not the pinned release key's"));
        assertThat(server.downloads).isZero();
        assertThat(files()).isEmpty();
    }

    @Test
    void anOlderSignedReleaseAJarOfAnotherVersionAndAVersionMismatchAreRefused() throws Exception {
        byte[] old = ReleaseServer.agentJar("0.1.0");
        offer("0.1.0", old, manifestOf("0.1.0", old).sign(release.getPrivate()));
        assertThat(updater("0.2.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                r -> assertThat(r.reason()).contains("not newer"));

        // Signed correctly, but the jar inside says it is another version than the signed one.
        byte[] wrong = ReleaseServer.agentJar("0.9.9");
        offer("0.3.0", wrong, manifestOf("0.3.0", wrong).sign(release.getPrivate()));
        assertThat(updater("0.2.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                r -> assertThat(r.reason()).contains("the jar says it is version 0.9.9"));

        byte[] jar = ReleaseServer.agentJar("0.3.0");
        offer("0.4.0", jar, manifestOf("0.3.0", jar).sign(release.getPrivate()));
        assertThat(updater("0.2.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                r -> assertThat(r.reason()).contains("signed for 0.3.0"));
        assertThat(files()).isEmpty();
    }

    @Test
    void noOfferOrTheRunningVersionIsNothingToDo() throws Exception {
        assertThat(updater("0.1.0").check()).isEqualTo(new Updater.Outcome.Nothing());
        byte[] jar = ReleaseServer.agentJar("0.1.0");
        offer("0.1.0", jar, manifestOf("0.1.0", jar).sign(release.getPrivate()));
        assertThat(updater("0.1.0").check()).isEqualTo(new Updater.Outcome.Nothing());
        assertThat(server.downloads).isZero();
    }

    @Test
    void aHeartbeatKeepsTheNewVersionAndRemovesOlderJars() throws Exception {
        byte[] v2 = ReleaseServer.agentJar("0.2.0");
        offer("0.2.0", v2, manifestOf("0.2.0", v2).sign(release.getPrivate()));
        assertThat(updater("0.1.0").check()).isInstanceOf(Updater.Outcome.Staged.class);
        // Now running 0.2.0 (as the launcher would start it): a delivered heartbeat ends the trial.
        updater("0.2.0").heartbeatDelivered();
        byte[] v3 = ReleaseServer.agentJar("0.3.0");
        offer("0.3.0", v3, manifestOf("0.3.0", v3).sign(release.getPrivate()));
        assertThat(updater("0.2.0").check()).isInstanceOf(Updater.Outcome.Staged.class);
        assertThat(new ReleaseDirectory(dir.resolve("state")).trial()).get().extracting(ReleaseDirectory.Trial::previous)
                .isEqualTo("steward-agent-0.2.0.jar");
        updater("0.3.0").heartbeatDelivered();
        assertThat(files()).containsExactly("current", "steward-agent-0.2.0.jar", "steward-agent-0.3.0.jar");
    }

    @Test
    void aVersionThatDoesNotCheckInInTimeIsRolledBackAndNeverTakenAgain() throws Exception {
        byte[] v2 = ReleaseServer.agentJar("0.2.0");
        offer("0.2.0", v2, manifestOf("0.2.0", v2).sign(release.getPrivate()));
        assertThat(updater("0.1.0").check()).isInstanceOf(Updater.Outcome.Staged.class);

        assertThat(updater("0.2.0", Clock.fixed(NOW.plus(Duration.ofMinutes(14)), ZoneOffset.UTC)).trialExpired()).isFalse();
        assertThat(updater("0.2.0", Clock.fixed(NOW.plus(Duration.ofMinutes(15)), ZoneOffset.UTC)).trialExpired()).isTrue();

        ReleaseDirectory r = new ReleaseDirectory(dir.resolve("state"));
        assertThat(r.current()).isEmpty();
        assertThat(r.trial()).isEmpty();
        assertThat(r.failed()).containsExactly("0.2.0");
        // The old version, running again, is offered the same release: it refuses it, and its check tells the server it
        // rolled that version back (the server stops a rollout that too many devices roll back).
        assertThat(updater("0.1.0").check()).isInstanceOfSatisfying(Updater.Outcome.Refused.class,
                x -> assertThat(x.reason()).contains("rolled back on this device before"));
        assertThat(server.checks.getFirst()).contains("\"rolledBack\":[]");
        assertThat(server.checks.getLast()).contains("\"version\":\"0.1.0\"", "\"rolledBack\":[\"0.2.0\"]");
    }
}
