package io.steward.server.devices.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.DeviceService.EnrollmentRefused;
import io.steward.server.devices.DeviceService.NewToken;
import io.steward.server.devices.DeviceAwaitsApproval;
import io.steward.server.devices.DevicesProperties;
import io.steward.server.devices.EnrollmentToken;
import io.steward.server.devices.TaskSignerKey;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.SiteService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrollment tokens and enrollment itself. A token is scoped to a client (and optionally a site),
 * expires, has a use limit and can be revoked; its secret is shown once and stored as a hash. A
 * device enrolled with a token that does not auto-approve waits as PENDING. Enrolling a key that is
 * already known is allowed but flagged, since a cloned key is how an attacker would impersonate a
 * managed endpoint.
 */
@Component
public class Enrollment {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceRepository repository;
    private final EnrollmentTokenRepository tokens;
    private final ClientService clients;
    private final SiteService sites;
    private final AuditLog audit;
    private final Clock clock;
    private final DevicesProperties properties;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<TaskSignerKey> signerKey;

    Enrollment(DeviceRepository repository, EnrollmentTokenRepository tokens, ClientService clients, SiteService sites, AuditLog audit, Clock clock,
               DevicesProperties properties, ApplicationEventPublisher events, ObjectProvider<TaskSignerKey> signerKey) {
        this.events = events;
        this.signerKey = signerKey;
        this.repository = repository;
        this.tokens = tokens;
        this.clients = clients;
        this.sites = sites;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional
    public NewToken createToken(Viewer viewer, ClientId client, SiteId site, String name, Duration lifetime, int maxUses, boolean autoApprove) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        clients.get(viewer, client);
        if (site != null && sites.ofClient(viewer, client).stream().noneMatch(s -> s.id().equals(site))) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        if (lifetime == null || lifetime.toHours() < 1 || lifetime.toDays() > 30) {
            throw new InvalidInputException("expiresInHours", "A token lives between 1 hour and 30 days.");
        }
        if (maxUses < 1 || maxUses > 100_000) {
            throw new InvalidInputException("maxUses", "Between 1 and 100000 enrollments.");
        }
        String label = name == null || name.isBlank() ? "enrollment" : name.strip();
        if (label.length() > 100) {
            throw new InvalidInputException("name", "At most 100 characters.");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "ste_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        EnrollmentToken t = new EnrollmentToken(EnrollmentTokenId.random(), client, site, label, secret.substring(0, 10), now.plus(lifetime),
                maxUses, 0, autoApprove, null, viewer.email(), now);
        audit.record("enrollment_token.created", "enrollment_token", t.id().toString(), client,
                Map.of("name", label, "maxUses", maxUses, "autoApprove", autoApprove, "expiresAt", t.expiresAt().toString()));
        tokens.insert(t, sha256(secret));
        return new NewToken(t, secret);
    }

    @Transactional(readOnly = true)
    public List<EnrollmentToken> tokens(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return tokens.ofClient(client);
    }

    @Transactional(readOnly = true)
    public EnrollmentToken token(Viewer viewer, EnrollmentTokenId id) {
        requireStaff(viewer);
        return tokens.inScope(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such enrollment token."));
    }

    @Transactional
    public EnrollmentToken revokeToken(Viewer viewer, EnrollmentTokenId id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        EnrollmentToken t = tokens.inScope(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such enrollment token."));
        if (t.revokedAt() == null) {
            audit.record("enrollment_token.revoked", "enrollment_token", id.toString(), t.clientId(), Map.of("name", t.name()));
            tokens.revoke(id, clock.instant());
        }
        return tokens.get(id);
    }

    /** Runs in system scope (the caller sets it before the transaction starts): an agent has no viewer. */
    @Transactional
    public Messages.EnrollResponse enroll(Messages.EnrollRequest request, String remoteAddress) {
        if (request == null || request.token() == null || request.publicKey() == null || request.hostname() == null
                || request.hostname().isBlank() || request.hostname().length() > 255) {
            throw new EnrollmentRefused(400, "token, publicKey and hostname are required.");
        }
        PublicKey key;
        try {
            key = DeviceKeys.decodePublic(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw new EnrollmentRefused(400, "publicKey is not an Ed25519 public key.");
        }
        Instant now = clock.instant();
        // Lock the token row so concurrent enrollments cannot exceed its use limit.
        Optional<EnrollmentToken> found = tokens.lockByHash(sha256(request.token()));
        if (found.isEmpty()) {
            audit.recordAnonymous(remoteAddress, "device.enroll_refused", Map.of("reason", "unknown token", "hostname", limit(request.hostname())));
            throw new EnrollmentRefused(401, "The enrollment token is not valid.");
        }
        EnrollmentToken t = found.get();
        if (!t.usable(now)) {
            String why = t.revokedAt() != null ? "revoked" : !now.isBefore(t.expiresAt()) ? "expired" : "used up";
            audit.recordAnonymous(remoteAddress, "device.enroll_refused", Map.of("reason", why, "token", t.prefix()));
            throw new EnrollmentRefused(410, "The enrollment token is " + why + ".");
        }
        String fingerprint = sha256(DeviceKeys.encodePublic(key));
        List<String> sameKey = repository.hostnamesWithKey(fingerprint);
        String flag = sameKey.isEmpty() ? null : "This key was already enrolled (as " + String.join(", ", sameKey) + "): a copied key?";
        DeviceId id = DeviceId.random();
        String status = t.autoApprove() && flag == null ? "APPROVED" : "PENDING";
        audit.recordAnonymous(remoteAddress, "device.enrolled", Map.of("device", id.toString(), "hostname", limit(request.hostname()),
                "status", status, "token", t.prefix(), "flag", flag == null ? "" : flag));
        boolean approved = "APPROVED".equals(status);
        repository.insert(new DeviceRepository.NewDevice(id, t.clientId(), t.siteId() == null ? null : t.siteId().value(), limit(request.hostname()),
                limit(request.os()), limit(request.agentVersion()), DeviceKeys.encodePublic(key), fingerprint, status, flag, t.id().value(), now,
                approved ? now : null, approved ? "token " + t.prefix() : null));
        tokens.countUse(t.id());
        if (!approved) {
            events.publishEvent(new DeviceAwaitsApproval(id, t.clientId(), limit(request.hostname()), flag));
        }
        // The agent pins the signer key it gets here; the client id lets it refuse orders for another client.
        String signer = signerKey.stream().findFirst().flatMap(TaskSignerKey::publicKey).orElse(null);
        return new Messages.EnrollResponse(id.toString(), status, properties.heartbeatSeconds(), now.getEpochSecond(), signer,
                t.clientId().value().toString());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of at most 255 characters, without control characters; null becomes empty. */
    public static String limit(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 255 ? clean.substring(0, 255) : clean;
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
