package io.steward.agent.update;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.logging.Logger;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.steward.agent.config.AtomicFiles;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.Delivery;
import io.steward.protocol.release.ReleaseManifest;
import io.steward.protocol.release.ReleaseManifest.ReleaseRefused;
import io.steward.protocol.release.ReleaseVersion;
import io.steward.protocol.release.UpdateMessages;

/**
 * The agent's self-update: asks the server which version to run, and when it is another one, downloads the jar and
 * accepts it only if the manifest is signed by the release key pinned at enrollment, the jar has the signed size and
 * SHA-256, its own manifest names the signed version, and that version is newer than the running one (an old
 * signed release cannot be replayed). Then it makes the jar current on trial ({@link ReleaseDirectory}) and the
 * caller exits so that systemd starts the new version through the launcher. A version that does not deliver a
 * heartbeat before the trial's deadline is rolled back: by the launcher when the new version cannot even start, by
 * {@link #trialExpired} when it runs but cannot check in. Anything refused leaves the running version as it is.
 */
public final class Updater {
    private static final Logger LOG = Logger.getLogger(Updater.class.getName());

    /** What one check came to. */
    public sealed interface Outcome {
        record Nothing() implements Outcome {
        }

        record Staged(String version) implements Outcome {
        }

        record Refused(String version, String reason) implements Outcome {
        }

        record Unreachable(String reason) implements Outcome {
        }
    }

    private final AgentHttp http;
    private final String deviceId;
    private final PrivateKey deviceKey;
    private final SequenceFile sequence;
    private final PublicKey releaseKey;
    private final ReleaseDirectory releases;
    private final String runningVersion;
    private final Duration trialPeriod;
    private final Clock clock;

    public Updater(AgentHttp http, String deviceId, PrivateKey deviceKey, SequenceFile sequence, PublicKey releaseKey,
                   ReleaseDirectory releases, String runningVersion, Duration trialPeriod, Clock clock) {
        this.http = http;
        this.deviceId = deviceId;
        this.deviceKey = deviceKey;
        this.sequence = sequence;
        this.releaseKey = releaseKey;
        this.releases = releases;
        this.runningVersion = runningVersion;
        this.trialPeriod = trialPeriod;
        this.clock = clock;
    }

    /** Asks the server and installs what it offers if every check passes. */
    public Outcome check() {
        byte[] body = checkBody(sequence.next(), runningVersion, releases.failed());
        Delivery answer = http.post(UpdateMessages.CHECK_PATH, body, deviceId, deviceKey);
        if (!(answer instanceof Delivery.Delivered delivered)) {
            return new Outcome.Unreachable(answer.toString());
        }
        if (delivered.body().length == 0) {
            return new Outcome.Nothing();
        }
        UpdateMessages.Offer offer;
        try {
            offer = readOffer(delivered.body());
        } catch (IOException | RuntimeException e) {
            return new Outcome.Refused("?", "unreadable update answer: " + e.getMessage());
        }
        if (offer.version() == null || offer.version().equals(runningVersion)) {
            return new Outcome.Nothing();
        }
        try {
            install(offer);
            LOG.info(() -> "update to " + offer.version() + " verified and staged; restarting on it (rolled back unless it checks in within "
                    + trialPeriod.toMinutes() + " min)");
            return new Outcome.Staged(offer.version());
        } catch (ReleaseRefused e) {
            LOG.warning(() -> "update to " + offer.version() + " refused, staying on " + runningVersion + ": " + e.getMessage());
            return new Outcome.Refused(offer.version(), e.getMessage());
        } catch (IOException e) {
            LOG.warning(() -> "update to " + offer.version() + " not downloaded, staying on " + runningVersion + ": " + e.getMessage());
            return new Outcome.Unreachable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unreachable("interrupted");
        }
    }

    private void install(UpdateMessages.Offer offer) throws IOException, InterruptedException {
        ReleaseManifest manifest = ReleaseManifest.verify(offer.manifest(), releaseKey);
        if (!manifest.version().equals(offer.version())) {
            throw new ReleaseRefused("the server offers " + offer.version() + " with a manifest signed for " + manifest.version());
        }
        if (releases.failed().contains(manifest.version())) {
            throw new ReleaseRefused(manifest.version() + " was rolled back on this device before");
        }
        if (!ReleaseVersion.valid(runningVersion)
                || ReleaseVersion.parse(manifest.version()).compareTo(ReleaseVersion.parse(runningVersion)) <= 0) {
            throw new ReleaseRefused(manifest.version() + " is not newer than the running " + runningVersion);
        }
        Path dir = releases.path();
        Files.createDirectories(dir);
        Path part = dir.resolve(ReleaseDirectory.jarName(manifest.version()) + ".part");
        try {
            byte[] digest = http.download(offer.downloadPath(), part, manifest.size());
            manifest.checkJar(Files.size(part), digest);
            String inJar;
            try (JarFile jar = new JarFile(part.toFile(), true)) {
                inJar = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            } catch (IOException e) {
                throw new ReleaseRefused("the download is not a jar");
            }
            if (!manifest.version().equals(inJar)) {
                throw new ReleaseRefused("the jar says it is version " + inJar + ", the signed manifest " + manifest.version());
            }
            AtomicFiles.replace(part, dir.resolve(ReleaseDirectory.jarName(manifest.version())));
        } finally {
            Files.deleteIfExists(part);
        }
        releases.swapTo(manifest.version(), clock.instant().plus(trialPeriod));
    }

    /** A heartbeat was delivered: a version on trial that is this one stays. */
    public void heartbeatDelivered() {
        Optional<ReleaseDirectory.Trial> trial = releases.trial();
        if (trial.isPresent() && trial.get().version().equals(runningVersion)) {
            try {
                releases.confirm(trial.get());
                LOG.info(() -> "version " + runningVersion + " checked in: the update is kept");
            } catch (IOException e) {
                LOG.warning(() -> "cannot confirm the update: " + e.getMessage());
            }
        }
    }

    /**
     * Whether this version is on trial and its deadline passed without a delivered heartbeat. It is then rolled back
     * here (the previous jar made current again) and the caller exits so that the previous version starts.
     */
    public boolean trialExpired() {
        Optional<ReleaseDirectory.Trial> trial = releases.trial();
        if (trial.isEmpty() || !trial.get().version().equals(runningVersion) || clock.instant().isBefore(trial.get().deadline())) {
            return false;
        }
        try {
            releases.rollBack(trial.get());
        } catch (IOException e) {
            LOG.warning(() -> "cannot roll back: " + e.getMessage());
        }
        LOG.warning(() -> "version " + runningVersion + " did not check in before " + trial.get().deadline() + ": rolled back");
        return true;
    }

    static byte[] checkBody(long seq, String version, List<String> rolledBack) {
        java.io.StringWriter s = new java.io.StringWriter();
        try (JsonWriter w = new JsonWriter(s)) {
            w.beginObject().name("seq").value(seq).name("version").value(version).name("rolledBack").beginArray();
            // The newest ones: the file lists them in the order they were rolled back.
            for (String v : rolledBack.subList(Math.max(0, rolledBack.size() - UpdateMessages.Check.MAX_ROLLED_BACK), rolledBack.size())) {
                w.value(v);
            }
            w.endArray().endObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static UpdateMessages.Offer readOffer(byte[] json) throws IOException {
        String version = null;
        String manifest = null;
        String path = null;
        try (JsonReader r = new JsonReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (r.peek() == JsonToken.NULL) {
                    r.nextNull();
                    continue;
                }
                switch (name) {
                    case "version" -> version = r.nextString();
                    case "manifest" -> manifest = r.nextString();
                    case "downloadPath" -> path = r.nextString();
                    default -> r.skipValue();
                }
            }
            r.endObject();
        }
        return new UpdateMessages.Offer(version, manifest, path);
    }

    /** The release key pinned at enrollment ({@code release-key} in the config directory), if any. */
    public static Optional<PublicKey> pinnedKey(Path configDir) {
        Path f = configDir.resolve(RELEASE_KEY_FILE);
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            return Optional.of(io.steward.protocol.DeviceKeys.decodePublic(Files.readString(f).strip()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning(() -> "the pinned release key in " + f + " is unreadable: no update is accepted");
            return Optional.empty();
        }
    }

    public static final String RELEASE_KEY_FILE = "release-key";
}
