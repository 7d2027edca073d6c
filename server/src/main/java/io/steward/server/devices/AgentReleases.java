package io.steward.server.devices;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarInputStream;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import io.steward.protocol.release.ReleaseVersion;
import io.steward.protocol.release.UpdateMessages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.internal.AgentReleaseRepository;
import io.steward.server.devices.internal.DeviceGroupRepository;
import io.steward.server.devices.internal.DeviceRepository;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.Viewer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Agent self-update on the server: MSP admins upload an agent jar with the manifest the release tool signed with the
 * release key ({@code bin/steward-release}), and roll it out in two rings: the devices of the pilot groups first,
 * every device after N days. Agents ask at their heartbeat cadence ({@link UpdateMessages#CHECK_PATH}); what they are
 * offered they verify against the release key they pinned at enrollment, so the server's check of the signature at
 * upload (against {@code steward.devices.release-key}) only catches mistakes early: it is not what protects the devices.
 */
@Service
public class AgentReleases {
    /** The jar as a device downloads it (a fixed path; the version is a query parameter). */
    public static final int DEFAULT_STOP_PERCENT = 20;
    public static final String DOWNLOAD_PATH = "/downloads/agent-release.jar";
    private static final long MAX_JAR = 64L * 1024 * 1024;

    private final AgentReleaseRepository repository;
    private final DeviceRepository devices;
    private final DeviceGroupRepository groups;
    private final AuditLog audit;
    private final Clock clock;
    private final String releaseKey;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    public AgentReleases(AgentReleaseRepository repository, DeviceRepository devices, DeviceGroupRepository groups, AuditLog audit, Clock clock,
                         @Value("${steward.devices.release-key:}") String releaseKey, org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.repository = repository;
        this.devices = devices;
        this.groups = groups;
        this.audit = audit;
        this.clock = clock;
        this.releaseKey = releaseKey == null ? "" : releaseKey.strip();
    }

    /** The release public key (base64) agents should pin, when the server is told it. */
    public Optional<String> releaseKey() {
        if (releaseKey.isEmpty()) {
            return Optional.empty();
        }
        try {
            DeviceKeys.decodePublic(releaseKey);
            return Optional.of(releaseKey);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public List<AgentRelease> list(Viewer viewer) {
        requireAdmin(viewer);
        return TenantContext.callAsSystem(repository::list);
    }

    /**
     * Stores a release after checking it: the manifest is signed by the configured release key, the jar has its size and
     * SHA-256 and says the signed version in its own manifest, and the version is not uploaded yet.
     */
    public AgentRelease upload(Viewer viewer, String manifestText, byte[] jar) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        PublicKey key = releaseKey().map(DeviceKeys::decodePublic).orElseThrow(() -> new InvalidInputException("manifest",
                "No release key is configured (steward.devices.release-key): set the public key from `steward-release keygen` first."));
        if (jar == null || jar.length == 0 || jar.length > MAX_JAR) {
            throw new InvalidInputException("jar", "An agent jar of at most " + MAX_JAR / 1024 / 1024 + " MB is required.");
        }
        ReleaseManifest manifest;
        try {
            manifest = ReleaseManifest.verify(manifestText == null ? null : manifestText.replace("\r\n", "\n"), key);
            manifest.checkJar(jar.length, sha256(jar));
        } catch (ReleaseManifest.ReleaseRefused e) {
            throw new InvalidInputException("manifest", e.getMessage());
        }
        String inJar = implementationVersion(jar);
        if (!manifest.version().equals(inJar)) {
            throw new InvalidInputException("jar", "The jar says it is version " + inJar + ", the signed manifest " + manifest.version() + ".");
        }
        return TenantContext.callAsSystem(() -> tx.execute(status -> {
            if (repository.versionExists(manifest.version())) {
                throw new ConflictException("version", "Version " + manifest.version() + " is uploaded already.");
            }
            UUID id = UUID.randomUUID();
            audit.record("agent-release.uploaded", "agent-release", id.toString(), null, Map.of("version", manifest.version(), "sha256", manifest.sha256()));
            // A concurrent upload of the same version fails on the unique version here (a 500 in that race, not a second row).
            repository.insert(id, manifest.version(), manifest.sha256(), manifest.size(), manifestText.replace("\r\n", "\n"), jar, viewer.email(),
                    clock.instant());
            return repository.get(id).orElseThrow();
        }));
    }

    /**
     * Starts (or restarts, also after a stop) the rollout: the pilot groups' devices now, every device after
     * {@code generalAfterDays}; it stops by itself when more than {@code stopPercent} % (null: 20) of the devices
     * offered it rolled it back ({@link RolloutGate}).
     */
    public AgentRelease startRollout(Viewer viewer, UUID releaseId, List<UUID> pilotGroupIds, int generalAfterDays, Integer stopPercent) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        if (generalAfterDays < 0 || generalAfterDays > 365) {
            throw new InvalidInputException("generalAfterDays", "Between 0 and 365 days.");
        }
        int stop = stopPercent == null ? DEFAULT_STOP_PERCENT : stopPercent;
        if (stop < 1 || stop > 100) {
            throw new InvalidInputException("stopPercent", "Between 1 and 100 % (100: never stop).");
        }
        List<UUID> pilots = pilotGroupIds == null ? List.of() : List.copyOf(Set.copyOf(pilotGroupIds));
        return TenantContext.callAsSystem(() -> tx.execute(status -> {
            repository.get(releaseId).orElseThrow(() -> new NotFoundException("No such agent release."));
            Instant now = clock.instant();
            audit.record("agent-release.rollout", "agent-release", releaseId.toString(), null,
                    Map.of("pilotGroups", pilots.size(), "generalAfterDays", generalAfterDays, "stopPercent", stop));
            repository.startRollout(releaseId, pilots, now, now.plus(Duration.ofDays(generalAfterDays)), stop);
            return repository.get(releaseId).orElseThrow();
        }));
    }

    /**
     * An agent's update check: its version is recorded (shown per device), and it is offered the newest release whose
     * rollout reached it (a pilot group it belongs to, or the general ring), when that is not what it runs.
     */
    public Optional<UpdateMessages.Offer> check(AgentDevice device, UpdateMessages.Check check) {
        String running = check == null ? null : check.version();
        if (running == null || running.length() > 60 || !ReleaseVersion.valid(running)) {
            throw new InvalidInputException("version", "The agent's version is missing or malformed.");
        }
        List<String> rolledBack = check.rolledBack() == null ? List.of() : check.rolledBack().stream().filter(v -> v != null && ReleaseVersion.valid(v))
                .limit(UpdateMessages.Check.MAX_ROLLED_BACK).toList();
        return TenantContext.callAsSystem(() -> tx.execute(status -> {
            repository.recordVersion(device.deviceId(), running);
            if (!device.approved()) {
                return Optional.<UpdateMessages.Offer>empty();
            }
            Instant now = clock.instant();
            if (!rolledBack.isEmpty()) {
                repository.rolledBack(device.deviceId(), rolledBack, now).forEach(release -> weigh(release, now));
            }
            List<AgentReleaseRepository.Rollout> started = repository.rollouts();
            if (started.isEmpty()) {
                return Optional.<UpdateMessages.Offer>empty();
            }
            Set<UUID> mine = devices.facts(device.deviceId()).map(groups::ofDevice).orElse(Set.of());
            // What the device rolled back before, even if its later checks forget to say so: never offered again.
            Set<String> before = repository.rolledBackBy(device.deviceId());
            return started.stream()
                    .filter(r -> !now.isBefore(r.generalAt()) || (!now.isBefore(r.startedAt()) && r.pilotGroups().stream().anyMatch(mine::contains)))
                    .max(Comparator.comparing(r -> ReleaseVersion.parse(r.version())))
                    .filter(r -> !r.version().equals(running) && !rolledBack.contains(r.version()) && !before.contains(r.version()))
                    .map(r -> {
                        repository.offered(r.version(), device.deviceId(), now);
                        return new UpdateMessages.Offer(r.version(), r.manifest(), DOWNLOAD_PATH + "?version=" + r.version());
                    });
        }));
    }

    /** After a new rollback: stops the release's rollout when the devices that rolled it back pass its share. */
    private void weigh(UUID releaseId, Instant now) {
        repository.get(releaseId).filter(r -> r.stoppedAt() == null && r.rolloutStartedAt() != null)
                .filter(r -> RolloutGate.stops(r.devicesOffered(), r.devicesRolledBack(), r.stopPercent()))
                .ifPresent(r -> {
                    String reason = r.devicesRolledBack() + " of " + r.devicesOffered() + " devices offered " + r.version()
                            + " rolled it back (more than " + r.stopPercent() + " %)";
                    if (repository.stop(releaseId, now, reason)) {
                        audit.record("agent-release.rollout_stopped", "agent-release", releaseId.toString(), null, Map.of("reason", reason));
                    }
                });
    }

    /** The jar of a release that is rolling out (devices download it without a session; the manifest is what they trust). */
    public Optional<byte[]> jar(String version) {
        if (!ReleaseVersion.valid(version)) {
            return Optional.empty();
        }
        return TenantContext.callAsSystem(() -> repository.jar(version));
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.hasRole(Role.MSP_ADMIN)) {
            throw new ForbiddenException("Agent releases are for MSP admins.");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String implementationVersion(byte[] jar) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest() == null ? null : in.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new InvalidInputException("jar", "That is not a jar.");
        }
    }
}
