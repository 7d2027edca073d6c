package io.steward.server.devices;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.internal.HeartbeatWriter;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.SiteService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Enrollment tokens, enrollment, and the device registry. A token is scoped to a client (and
 * optionally a site), expires, has a use limit and can be revoked; its secret is shown once and
 * stored as a hash. A device enrolled with a token that does not auto-approve waits as PENDING.
 * Enrolling a key that is already known is allowed but flagged, since a cloned key is how an
 * attacker would impersonate a managed endpoint.
 */
@Service
@EnableConfigurationProperties(DevicesProperties.class)
public class DeviceService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String IN_SCOPE = TenantScope.sqlCondition("d.client_id");

    private final JdbcClient jdbc;
    private final ClientService clients;
    private final SiteService sites;
    private final AuditLog audit;
    private final Clock clock;
    private final DevicesProperties properties;
    private final ObjectMapper json;
    private final org.springframework.context.ApplicationEventPublisher events;

    private final HeartbeatWriter heartbeats;

    public DeviceService(JdbcClient jdbc, ClientService clients, SiteService sites, AuditLog audit, Clock clock, DevicesProperties properties,
                         ObjectMapper json, org.springframework.context.ApplicationEventPublisher events, HeartbeatWriter heartbeats) {
        this.events = events;
        this.heartbeats = heartbeats;
        this.jdbc = jdbc;
        this.clients = clients;
        this.sites = sites;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
    }

    /** A new token and its secret, which is never retrievable again. */
    public record NewToken(EnrollmentToken token, String secret) {
    }

    // ---- enrollment tokens

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
        jdbc.sql("""
                INSERT INTO enrollment_token (id, client_id, site_id, name, token_hash, prefix, expires_at, max_uses, auto_approve, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id().value(), client.value(), site == null ? null : site.value(), label, sha256(secret), t.prefix(),
                        Timestamp.from(t.expiresAt()), maxUses, autoApprove, t.createdBy(), Timestamp.from(now))
                .update();
        return new NewToken(t, secret);
    }

    @Transactional(readOnly = true)
    public List<EnrollmentToken> tokens(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return jdbc.sql("SELECT * FROM enrollment_token WHERE client_id = ? ORDER BY created_at DESC").param(client.value())
                .query(DeviceService::token).list();
    }

    @Transactional
    public EnrollmentToken revokeToken(Viewer viewer, EnrollmentTokenId id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(id.value());
        EnrollmentToken t = jdbc.sql("SELECT * FROM enrollment_token d WHERE " + IN_SCOPE + " AND d.id = ?").params(p)
                .query(DeviceService::token).optional().orElseThrow(() -> new NotFoundException("No such enrollment token."));
        if (t.revokedAt() == null) {
            audit.record("enrollment_token.revoked", "enrollment_token", id.toString(), t.clientId(), Map.of("name", t.name()));
            jdbc.sql("UPDATE enrollment_token SET revoked_at = ? WHERE id = ?").params(Timestamp.from(clock.instant()), id.value()).update();
        }
        return jdbc.sql("SELECT * FROM enrollment_token WHERE id = ?").param(id.value()).query(DeviceService::token).single();
    }

    // ---- enrollment (an agent, no viewer)

    /** Why an enrollment was refused, and the HTTP status that says it. */
    public static final class EnrollmentRefused extends RuntimeException {
        private final int status;

        public EnrollmentRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
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
        Optional<EnrollmentToken> found = jdbc.sql("SELECT * FROM enrollment_token WHERE token_hash = ? FOR UPDATE")
                .param(sha256(request.token())).query(DeviceService::token).optional();
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
        List<String> sameKey = jdbc.sql("SELECT hostname FROM device WHERE key_fingerprint = ?").param(fingerprint).query(String.class).list();
        String flag = sameKey.isEmpty() ? null : "This key was already enrolled (as " + String.join(", ", sameKey) + "): a copied key?";
        DeviceId id = DeviceId.random();
        String status = t.autoApprove() && flag == null ? "APPROVED" : "PENDING";
        audit.recordAnonymous(remoteAddress, "device.enrolled", Map.of("device", id.toString(), "hostname", limit(request.hostname()),
                "status", status, "token", t.prefix(), "flag", flag == null ? "" : flag));
        jdbc.sql("""
                INSERT INTO device (id, client_id, site_id, hostname, os, agent_version, public_key, key_fingerprint, status, flag,
                    enrolled_via, enrolled_at, approved_at, approved_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id.value(), t.clientId().value(), t.siteId() == null ? null : t.siteId().value(), limit(request.hostname()),
                        limit(request.os()), limit(request.agentVersion()), DeviceKeys.encodePublic(key), fingerprint, status, flag,
                        t.id().value(), Timestamp.from(now), "APPROVED".equals(status) ? Timestamp.from(now) : null,
                        "APPROVED".equals(status) ? "token " + t.prefix() : null)
                .update();
        jdbc.sql("UPDATE enrollment_token SET uses = uses + 1 WHERE id = ?").param(t.id().value()).update();
        return new Messages.EnrollResponse(id.toString(), status, properties.heartbeatSeconds(), now.getEpochSecond());
    }

    /** What the verifier needs to check a signed request: the device's key and standing. System scope only. */
    public record Credentials(DeviceId id, ClientId clientId, PublicKey key, String status) {
    }

    /**
     * The key, client and status the verifier checks every agent request against. Kept in memory for
     * {@link #CREDENTIALS_TTL_MILLIS} (a device's key and client never change; its status changes only
     * through {@link #setStatus}, which forgets the entry at once and again after its commit), so a
     * request costs no database round trip for its identity. Unknown devices are not kept.
     */
    public Optional<Credentials> credentials(DeviceId id) {
        long now = System.nanoTime();
        CachedCredentials cached = credentialCache.get(id);
        if (cached != null && now - cached.loadedAt() < CREDENTIALS_TTL_MILLIS * 1_000_000L) {
            return Optional.of(cached.credentials());
        }
        Optional<Credentials> loaded = TenantContext.callAsSystem(() -> jdbc.sql("SELECT client_id, public_key, status FROM device WHERE id = ?").param(id.value())
                .query((rs, n) -> new Credentials(id, new ClientId(rs.getObject(1, UUID.class)), DeviceKeys.decodePublic(rs.getString(2)),
                        rs.getString(3)))
                .optional());
        if (loaded.isPresent()) {
            if (credentialCache.size() >= CREDENTIALS_KEPT) {
                // A crude bound: past it, start again rather than grow (far more devices than one node serves).
                credentialCache.clear();
            }
            credentialCache.put(id, new CachedCredentials(loaded.get(), now));
        }
        return loaded;
    }

    static final long CREDENTIALS_TTL_MILLIS = 60_000;
    private static final int CREDENTIALS_KEPT = 500_000;

    private record CachedCredentials(Credentials credentials, long loadedAt) {
    }

    private final java.util.concurrent.ConcurrentHashMap<DeviceId, CachedCredentials> credentialCache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Forgets a device's kept credentials at once and again once the change is committed: in between,
     * a request could load the row as it was before the change and keep it for the TTL.
     */
    private void forgetCredentials(DeviceId id) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> credentialCache.remove(id));
    }

    /** A deleted client's devices are gone with it: their kept credentials must not sign in another request. */
    @org.springframework.context.event.EventListener
    void forgetCredentials(io.steward.server.tenancy.ClientDeleted deleted) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(
                () -> credentialCache.values().removeIf(kept -> kept.credentials().clientId().equals(deleted.client())));
    }

    /**
     * Records (device, seq) once, in the caller's transaction, so a message and its sequence number
     * commit together; a second arrival (a replay or a resend) is refused with 409 and changes nothing.
     */
    @Transactional
    public void acceptSequence(io.steward.server.shared.AgentDevice device, String kind) {
        boolean fresh = jdbc.sql("INSERT INTO agent_message (device_id, seq, client_id, kind, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(device.deviceId().value(), device.seq(), device.clientId().value(), kind, Timestamp.from(clock.instant())).update() == 1;
        if (!fresh) {
            throw new ConflictException("seq", "Message " + device.seq() + " was already received; it is stored once.");
        }
    }

    /**
     * Records a heartbeat (by group commit with others arriving at the same moment) and tells the
     * device its status; a device that is approved is announced as heard ({@link DeviceHeard}) after
     * the commit, in the device's client scope.
     */
    public Messages.HeartbeatResponse heartbeat(io.steward.server.shared.AgentDevice device) {
        HeartbeatWriter.Heard heard = heartbeats.record(device);
        if (!heard.fresh()) {
            throw new ConflictException("seq", "Message " + device.seq() + " was already received; it is stored once.");
        }
        if (heard.status() == null) {
            throw new NotFoundException("This device no longer exists; enroll it again.");
        }
        if ("APPROVED".equals(heard.status())) {
            events.publishEvent(new DeviceHeard(device.deviceId(), device.clientId()));
        }
        return new Messages.HeartbeatResponse(heard.status(), properties.heartbeatSeconds(), clock.instant().getEpochSecond());
    }

    @Transactional
    public void storeInventory(io.steward.server.shared.AgentDevice device, Messages.Inventory inventory) {
        requireApproved(device);
        acceptSequence(device, "inventory");
        DeviceId id = device.deviceId();
        Instant now = clock.instant();
        // The OS may have changed, and with it the device's rule groups and so its alert policies.
        events.publishEvent(new DeviceProfileChanged(device.clientId(), id));
        jdbc.sql("UPDATE device SET inventory = CAST(? AS jsonb), inventory_at = ?, last_seen_at = ?, os = coalesce(?, os) WHERE id = ?")
                .params(json.writeValueAsString(inventory), Timestamp.from(now), Timestamp.from(now),
                        inventory.osName() == null ? null : limit(inventory.osName() + " " + (inventory.osVersion() == null ? "" : inventory.osVersion())),
                        id.value())
                .update();
        events.publishEvent(new InventoryReceived(device, inventory));
    }

    // ---- registry (staff)

    @Transactional(readOnly = true)
    public List<Device> list(Viewer viewer, ClientId client, String status) {
        return list(viewer, client, status, null, null);
    }

    @Transactional(readOnly = true)
    public List<Device> list(Viewer viewer, ClientId client, String status, String tag, UUID groupId) {
        return list(viewer, client, status, tag, groupId, null);
    }

    /**
     * Devices in scope, optionally of one client, status, carrying a tag, in a group, and ONLINE or OFFLINE (approved
     * devices heard from within three heartbeats, or not: the same rule as {@link Device#state}).
     */
    @Transactional(readOnly = true)
    public List<Device> list(Viewer viewer, ClientId client, String status, String tag, UUID groupId, String state) {
        requireStaff(viewer);
        java.util.Set<UUID> members = groupId == null ? null : java.util.Set.copyOf(group(viewer, groupId).members());
        StringBuilder where = new StringBuilder(IN_SCOPE);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        if (client != null) {
            where.append(" AND d.client_id = ?");
            p.add(client.value());
        }
        if (status != null && !status.isBlank()) {
            if (!List.of("PENDING", "APPROVED", "RETIRED").contains(status)) {
                throw new InvalidInputException("status", "status is PENDING, APPROVED or RETIRED.");
            }
            where.append(" AND d.status = ?");
            p.add(status);
        }
        if (state != null && !state.isBlank()) {
            java.sql.Timestamp heardSince = java.sql.Timestamp.from(clock.instant().minusSeconds(3L * properties.heartbeatSeconds()));
            switch (state) {
                case "ONLINE" -> where.append(" AND d.status = 'APPROVED' AND d.last_seen_at >= ?");
                case "OFFLINE" -> where.append(" AND d.status = 'APPROVED' AND (d.last_seen_at IS NULL OR d.last_seen_at < ?)");
                default -> throw new InvalidInputException("state", "state is ONLINE or OFFLINE.");
            }
            p.add(heardSince);
        }
        if (tag != null && !tag.isBlank()) {
            where.append(" AND ? = ANY (d.tags)");
            p.add(tag.strip().toLowerCase(java.util.Locale.ROOT));
        }
        return jdbc.sql("SELECT d.*, c.name AS client_name FROM device d JOIN client c ON c.id = d.client_id WHERE " + where
                + " ORDER BY d.status DESC, lower(d.hostname) LIMIT 1000").params(p).query(DeviceService::device).list().stream()
                .filter(d -> members == null || members.contains(d.id().value())).toList();
    }

    @Transactional(readOnly = true)
    public Device get(Viewer viewer, DeviceId id) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(id.value());
        return jdbc.sql("SELECT d.*, c.name AS client_name FROM device d JOIN client c ON c.id = d.client_id WHERE " + IN_SCOPE + " AND d.id = ?")
                .params(p).query(DeviceService::device).optional().orElseThrow(() -> new NotFoundException("No such device."));
    }

    /** The inventory as the agent last sent it, or null. */
    @Transactional(readOnly = true)
    public Messages.Inventory inventory(Viewer viewer, DeviceId id) {
        get(viewer, id);
        String text = jdbc.sql("SELECT inventory::text FROM device WHERE id = ?").param(id.value()).query(String.class).optional().orElse(null);
        return text == null ? null : json.readValue(text, Messages.Inventory.class);
    }

    @Transactional
    public Device setStatus(Viewer viewer, DeviceId id, String status) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Device d = get(viewer, id);
        if (d.status().equals(status)) {
            return d;
        }
        if ("RETIRED".equals(d.status())) {
            throw new ConflictException("status", "A retired device stays retired; enroll it again.");
        }
        audit.record("device." + status.toLowerCase(), "device", id.toString(), d.clientId(), Map.of("hostname", d.hostname()));
        forgetCredentials(id);
        // The retirement date lives exactly as long as the RETIRED status (any other status clears it).
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("UPDATE device SET status = ?, approved_at = CASE WHEN ? = 'APPROVED' THEN ? ELSE approved_at END, "
                        + "approved_by = CASE WHEN ? = 'APPROVED' THEN ? ELSE approved_by END, "
                        + "retired_at = CASE WHEN ? = 'RETIRED' THEN CAST(? AS timestamptz) END WHERE id = ?")
                .params(status, status, now, status, viewer.email(), status, now, id.value()).update();
        return get(viewer, id);
    }

    /** LOW, NORMAL, HIGH or CRITICAL: how much an alert on this device matters (it raises or lowers the incident's impact). */
    @Transactional
    public Device setCriticality(Viewer viewer, DeviceId id, String criticality) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        if (!List.of("LOW", "NORMAL", "HIGH", "CRITICAL").contains(criticality)) {
            throw new InvalidInputException("criticality", "criticality is LOW, NORMAL, HIGH or CRITICAL.");
        }
        Device d = get(viewer, id);
        jdbc.sql("UPDATE device SET criticality = ? WHERE id = ?").params(criticality, id.value()).update();
        events.publishEvent(new DeviceProfileChanged(d.clientId(), id));
        return get(viewer, id);
    }

    // ---- tags and groups

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,39}");

    /** Lower-cased, distinct and sorted; each tag 1-40 characters of a-z, 0-9, '_', '.', ':', '-', at most 20. */
    static List<String> validTags(List<String> tags, String field) {
        if (tags == null) {
            return List.of();
        }
        java.util.TreeSet<String> clean = new java.util.TreeSet<>();
        for (String t : tags) {
            String tag = t == null ? "" : t.strip().toLowerCase(java.util.Locale.ROOT);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidInputException(field, "A tag is 1-40 characters of a-z, 0-9, '_', '.', ':' or '-' (not \"" + limit(t) + "\").");
            }
            clean.add(tag);
        }
        if (clean.size() > 20) {
            throw new InvalidInputException(field, "At most 20 tags.");
        }
        return List.copyOf(clean);
    }

    /** A PostgreSQL array literal; safe because every tag matched {@link #TAG}, which allows no quote, comma or brace. */
    private static String arrayLiteral(List<String> tags) {
        return "{" + String.join(",", tags) + "}";
    }

    @Transactional
    public Device setTags(Viewer viewer, DeviceId id, List<String> tags) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        List<String> clean = validTags(tags, "tags");
        Device d = get(viewer, id);
        audit.record("device.tagged", "device", id.toString(), d.clientId(), Map.of("tags", String.join(",", clean)));
        jdbc.sql("UPDATE device SET tags = CAST(? AS text[]) WHERE id = ?").params(arrayLiteral(clean), id.value()).update();
        events.publishEvent(new DeviceProfileChanged(d.clientId(), id));
        return get(viewer, id);
    }

    /** A group as submitted: STATIC with {@code deviceIds}, or RULE with at least one of os, siteId, tags. */
    public record GroupDraft(String name, String kind, String os, UUID siteId, List<String> tags, List<UUID> deviceIds) {
    }

    @Transactional
    public DeviceGroup createGroup(Viewer viewer, ClientId client, GroupDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        clients.get(viewer, client);
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "A name of 1-100 characters.");
        }
        String kind = d.kind() == null || d.kind().isBlank() ? "STATIC" : d.kind();
        if (!List.of("STATIC", "RULE").contains(kind)) {
            throw new InvalidInputException("kind", "kind is STATIC or RULE.");
        }
        List<String> tags = validTags(d.tags(), "tags");
        String os = d.os() == null || d.os().isBlank() ? null : d.os().strip();
        if (os != null && os.length() > 100) {
            throw new InvalidInputException("os", "At most 100 characters.");
        }
        if (d.siteId() != null && sites.ofClient(viewer, client).stream().noneMatch(s -> s.id().value().equals(d.siteId()))) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        if ("RULE".equals(kind) && new GroupRule(os, d.siteId(), java.util.Set.copyOf(tags)).isEmpty()) {
            throw new InvalidInputException("os", "A rule group needs an OS, a site or tags to match.");
        }
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM device_group WHERE client_id = ? AND name = ?)").params(client.value(), name)
                .query(Boolean.class).single()) {
            throw new InvalidInputException("name", "This client already has a group of that name.");
        }
        UUID id = UUID.randomUUID();
        audit.record("device_group.created", "device_group", id.toString(), client, Map.of("name", name, "kind", kind));
        jdbc.sql("""
                INSERT INTO device_group (id, client_id, name, kind, rule_os, rule_site_id, rule_tags, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?)""")
                .params(id, client.value(), name, kind, "RULE".equals(kind) ? os : null, "RULE".equals(kind) ? d.siteId() : null,
                        arrayLiteral("RULE".equals(kind) ? tags : List.of()), viewer.email(), Timestamp.from(clock.instant()))
                .update();
        if ("STATIC".equals(kind)) {
            writeMembers(client, id, d.deviceIds());
        }
        events.publishEvent(new DeviceProfileChanged(client, null));
        return group(viewer, id);
    }

    /** Replaces a static group's members. */
    @Transactional
    public DeviceGroup setMembers(Viewer viewer, UUID groupId, List<UUID> deviceIds) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        DeviceGroup g = group(viewer, groupId);
        if (!"STATIC".equals(g.kind())) {
            throw new ConflictException("kind", "A rule group's members follow its rule; change the devices' tags, site or OS instead.");
        }
        audit.record("device_group.members", "device_group", groupId.toString(), g.clientId(), Map.of("count", deviceIds == null ? 0 : deviceIds.size()));
        jdbc.sql("DELETE FROM device_group_member WHERE group_id = ?").param(groupId).update();
        writeMembers(g.clientId(), groupId, deviceIds);
        events.publishEvent(new DeviceProfileChanged(g.clientId(), null));
        return group(viewer, groupId);
    }

    private void writeMembers(ClientId client, UUID groupId, List<UUID> deviceIds) {
        for (UUID device : deviceIds == null ? List.<UUID>of() : deviceIds.stream().distinct().toList()) {
            if (device == null || !jdbc.sql("SELECT EXISTS (SELECT 1 FROM device WHERE id = ? AND client_id = ?)").params(device, client.value())
                    .query(Boolean.class).single()) {
                throw new InvalidInputException("deviceIds", "Choose devices of this client.");
            }
            jdbc.sql("INSERT INTO device_group_member (group_id, device_id, client_id) VALUES (?, ?, ?)").params(groupId, device, client.value())
                    .update();
        }
    }

    @Transactional
    public void deleteGroup(Viewer viewer, UUID groupId) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        DeviceGroup g = group(viewer, groupId);
        audit.record("device_group.deleted", "device_group", groupId.toString(), g.clientId(), Map.of("name", g.name()));
        jdbc.sql("DELETE FROM device_group WHERE id = ?").param(groupId).update();
        events.publishEvent(new DeviceProfileChanged(g.clientId(), null));
    }

    @Transactional(readOnly = true)
    public List<DeviceGroup> groups(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return groupsOf(client);
    }

    @Transactional(readOnly = true)
    public DeviceGroup group(Viewer viewer, UUID groupId) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(groupId);
        UUID client = jdbc.sql("SELECT client_id FROM device_group d WHERE " + IN_SCOPE + " AND d.id = ?").params(p).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("No such device group."));
        return groupsOf(new ClientId(client)).stream().filter(g -> g.id().equals(groupId)).findFirst().orElseThrow();
    }

    /** One device's facts as a rule sees them. */
    private record Facts(UUID id, UUID site, String os, java.util.Set<String> tags) {
    }

    /** The client's groups with their members resolved now; runs in the caller's tenant scope. */
    private List<DeviceGroup> groupsOf(ClientId client) {
        List<Facts> fleet = jdbc.sql("SELECT id, site_id, os, tags FROM device WHERE client_id = ? AND status <> 'RETIRED'").param(client.value())
                .query((rs, n) -> new Facts(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        java.util.Set.copyOf(tags(rs, "tags"))))
                .list();
        Map<UUID, List<UUID>> statics = new java.util.HashMap<>();
        jdbc.sql("SELECT group_id, device_id FROM device_group_member WHERE client_id = ?").param(client.value())
                .query((rs, n) -> statics.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getObject(2, UUID.class)))
                .list();
        return jdbc.sql("SELECT * FROM device_group WHERE client_id = ? ORDER BY lower(name)").param(client.value())
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String kind = rs.getString("kind");
                    GroupRule rule = new GroupRule(rs.getString("rule_os"), rs.getObject("rule_site_id", UUID.class),
                            java.util.Set.copyOf(tags(rs, "rule_tags")));
                    List<UUID> members = "RULE".equals(kind)
                            ? fleet.stream().filter(f -> rule.matches(f.os(), f.site(), f.tags())).map(Facts::id).toList()
                            : statics.getOrDefault(id, List.of());
                    return new DeviceGroup(id, client, rs.getString("name"), kind, rs.getString("rule_os"), rs.getObject("rule_site_id", UUID.class),
                            tags(rs, "rule_tags"), members, rs.getString("created_by"), ts(rs, "created_at"));
                })
                .list();
    }

    /**
     * The device as alert policies see it, with its groups resolved; null if unknown. Runs in the
     * caller's tenant scope (the device's client when called from ingest).
     */
    @Transactional(readOnly = true)
    public DeviceProfile profile(DeviceId id) {
        return jdbc.sql("SELECT client_id, site_id, hostname, os, criticality, tags, status FROM device WHERE id = ?").param(id.value())
                .query((rs, n) -> new Object[] {new ClientId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), java.util.Set.copyOf(tags(rs, "tags")), rs.getString(7)})
                .optional()
                .map(r -> {
                    ClientId client = (ClientId) r[0];
                    @SuppressWarnings("unchecked")
                    java.util.Set<String> tags = (java.util.Set<String>) r[5];
                    java.util.Set<UUID> groups = groupsOfDevice(client, new Facts(id.value(), (UUID) r[1], (String) r[3], tags), "RETIRED".equals(r[6]));
                    return new DeviceProfile(id, client, (UUID) r[1], (String) r[2], (String) r[3], (String) r[4], tags, groups);
                })
                .orElse(null);
    }

    /**
     * The groups one device belongs to, with the same meaning as the members {@link #groupsOf} resolves
     * (static members as listed; rule groups over the devices not retired), without reading the fleet:
     * the ingest path asks this for every device it sees for the first time.
     */
    private java.util.Set<UUID> groupsOfDevice(ClientId client, Facts device, boolean retired) {
        java.util.Set<UUID> groups = new java.util.HashSet<>(jdbc.sql("SELECT group_id FROM device_group_member WHERE client_id = ? AND device_id = ?")
                .params(client.value(), device.id()).query(UUID.class).list());
        if (!retired) {
            jdbc.sql("SELECT id, rule_os, rule_site_id, rule_tags FROM device_group WHERE client_id = ? AND kind = 'RULE'").param(client.value())
                    .query((rs, n) -> {
                        GroupRule rule = new GroupRule(rs.getString(2), rs.getObject(3, UUID.class), java.util.Set.copyOf(tags(rs, "rule_tags")));
                        if (rule.matches(device.os(), device.site(), device.tags())) {
                            groups.add(rs.getObject(1, UUID.class));
                        }
                        return null;
                    })
                    .list();
        }
        return java.util.Set.copyOf(groups);
    }

    private static List<String> tags(ResultSet rs, String col) throws SQLException {
        java.sql.Array a = rs.getArray(col);
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    public int heartbeatSeconds() {
        return properties.heartbeatSeconds();
    }

    private static Device device(ResultSet rs, int n) throws SQLException {
        return new Device(new DeviceId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("client_name"), rs.getString("hostname"), rs.getString("os"), rs.getString("agent_version"), rs.getString("status"),
                rs.getString("criticality"), rs.getString("flag"), rs.getString("key_fingerprint"), ts(rs, "enrolled_at"), ts(rs, "approved_at"),
                rs.getString("approved_by"), ts(rs, "last_seen_at"), ts(rs, "inventory_at"), rs.getObject("site_id", UUID.class), tags(rs, "tags"),
                ts(rs, "retired_at"));
    }

    private static EnrollmentToken token(ResultSet rs, int n) throws SQLException {
        UUID site = rs.getObject("site_id", UUID.class);
        return new EnrollmentToken(new EnrollmentTokenId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                site == null ? null : new SiteId(site), rs.getString("name"), rs.getString("prefix"), ts(rs, "expires_at"),
                rs.getInt("max_uses"), rs.getInt("uses"), rs.getBoolean("auto_approve"), ts(rs, "revoked_at"), rs.getString("created_by"),
                ts(rs, "created_at"));
    }

    private static Instant ts(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String limit(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > 255 ? clean.substring(0, 255) : clean;
    }

    /** Devices waiting for approval may report in, but send nothing else until approved. */
    public static void requireApproved(io.steward.server.shared.AgentDevice device) {
        if (!device.approved()) {
            throw new io.steward.server.shared.ForbiddenException("This device waits for a technician's approval.");
        }
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
