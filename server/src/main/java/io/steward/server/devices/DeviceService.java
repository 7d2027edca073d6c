package io.steward.server.devices;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.internal.DeviceProfiles;
import io.steward.server.devices.internal.DeviceGroups;
import io.steward.server.devices.internal.DeviceRepository;
import io.steward.server.devices.internal.Enrollment;
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
import io.steward.server.shared.Viewer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The devices module's API: enrollment tokens and enrollment (decided by {@code internal.Enrollment}),
 * what agents send (sequence numbers, heartbeats, inventory), the device registry staff work with,
 * and device groups (decided by {@code internal.DeviceGroups}). The SQL lives in the module's
 * {@code internal} repositories.
 */
@Service
@EnableConfigurationProperties(DevicesProperties.class)
public class DeviceService {
    private final DeviceRepository repository;
    private final DeviceProfiles profiles;
    private final Enrollment enrollment;
    private final DeviceGroups deviceGroups;
    private final AuditLog audit;
    private final Clock clock;
    private final DevicesProperties properties;
    private final ObjectMapper json;
    private final org.springframework.context.ApplicationEventPublisher events;

    private final HeartbeatWriter heartbeats;

    public DeviceService(DeviceRepository repository, DeviceProfiles profiles, Enrollment enrollment, DeviceGroups deviceGroups, AuditLog audit,
                         Clock clock, DevicesProperties properties, ObjectMapper json, org.springframework.context.ApplicationEventPublisher events,
                         HeartbeatWriter heartbeats) {
        this.repository = repository;
        this.profiles = profiles;
        this.enrollment = enrollment;
        this.deviceGroups = deviceGroups;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
        this.events = events;
        this.heartbeats = heartbeats;
    }

    /** A new token and its secret, which is never retrievable again. */
    public record NewToken(EnrollmentToken token, String secret) {
    }

    // ---- enrollment tokens

    /** A token for a client (and optionally one of its sites); its secret is in the answer and nowhere else. */
    public NewToken createToken(Viewer viewer, ClientId client, SiteId site, String name, Duration lifetime, int maxUses, boolean autoApprove) {
        return enrollment.createToken(viewer, client, site, name, lifetime, maxUses, autoApprove);
    }

    public List<EnrollmentToken> tokens(Viewer viewer, ClientId client) {
        return enrollment.tokens(viewer, client);
    }

    /** One token in the viewer's scope (never its secret). */
    public EnrollmentToken token(Viewer viewer, EnrollmentTokenId id) {
        return enrollment.token(viewer, id);
    }

    public EnrollmentToken revokeToken(Viewer viewer, EnrollmentTokenId id) {
        return enrollment.revokeToken(viewer, id);
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
    public Messages.EnrollResponse enroll(Messages.EnrollRequest request, String remoteAddress) {
        return enrollment.enroll(request, remoteAddress);
    }

    /** What the verifier needs to check a signed request: the device's key and standing. System scope only. */
    public record Credentials(DeviceId id, ClientId clientId, PublicKey key, String status) {
    }

    /**
     * The key, client and status the verifier checks every agent request against. Kept in memory for
     * {@link #CREDENTIALS_TTL_MILLIS} (a device's key and client never change; its status changes only
     * through {@link #setStatus}, which forgets the entry at once and again after its commit), so a
     * request costs no database round trip for its identity. Unknown devices are not kept, and neither is
     * a row read while something was forgotten: it may be the row as it was before a change that has
     * committed since (a load that began before a client's deletion and ended after it would otherwise
     * keep the deleted device signing in for the whole TTL).
     */
    public Optional<Credentials> credentials(DeviceId id) {
        long now = System.nanoTime();
        CachedCredentials cached = credentialCache.get(id);
        if (cached != null && now - cached.loadedAt() < CREDENTIALS_TTL_MILLIS * 1_000_000L) {
            return Optional.of(cached.credentials());
        }
        long generation = credentialForgets.get();
        Optional<Credentials> loaded = TenantContext.callAsSystem(() -> repository.credentials(id));
        if (loaded.isPresent() && credentialForgets.get() == generation) {
            if (credentialCache.size() >= CREDENTIALS_KEPT) {
                // A crude bound: past it, start again rather than grow (far more devices than one node serves).
                credentialCache.clear();
            }
            CachedCredentials kept = new CachedCredentials(loaded.get(), now);
            credentialCache.put(id, kept);
            if (credentialForgets.get() != generation) {
                // A forget ran between the check and the put, and may have missed this entry.
                credentialCache.remove(id, kept);
            }
        }
        return loaded;
    }

    static final long CREDENTIALS_TTL_MILLIS = 60_000;
    private static final int CREDENTIALS_KEPT = 500_000;

    private record CachedCredentials(Credentials credentials, long loadedAt) {
    }

    private final java.util.concurrent.ConcurrentHashMap<DeviceId, CachedCredentials> credentialCache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts forgets, so that a load overlapping one does not keep what it read. */
    private final java.util.concurrent.atomic.AtomicLong credentialForgets = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Forgets a device's kept credentials at once and again once the change is committed: in between,
     * a request could load the row as it was before the change and keep it for the TTL.
     */
    private void forgetCredentials(DeviceId id) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> {
            credentialForgets.incrementAndGet();
            credentialCache.remove(id);
        });
    }

    /** A deleted client's devices are gone with it: their kept credentials must not sign in another request. */
    @org.springframework.context.event.EventListener
    void forgetCredentials(io.steward.server.tenancy.ClientDeleted deleted) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> {
            credentialForgets.incrementAndGet();
            credentialCache.values().removeIf(kept -> kept.credentials().clientId().equals(deleted.client()));
        });
    }

    /**
     * Records (device, seq) once, in the caller's transaction, so a message and its sequence number
     * commit together; a second arrival (a replay or a resend) is refused with 409 and changes nothing.
     */
    @Transactional
    public void acceptSequence(io.steward.server.shared.AgentDevice device, String kind) {
        if (!repository.acceptSequence(device, kind, clock.instant())) {
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

    /**
     * Stores an inventory. A device waiting for approval may send one (its agent sends it at start and would
     * otherwise drop it on a refusal): it is kept, the newest by sequence number, and applied on approval.
     */
    @Transactional
    public void storeInventory(io.steward.server.shared.AgentDevice device, Messages.Inventory inventory) {
        acceptSequence(device, "inventory");
        // The row lock orders this with an approval running now: either the approval finds this inventory
        // kept, or this finds the device approved and stores it at once.
        if (!device.approved()) {
            String status = repository.lockStatus(device.deviceId());
            if ("PENDING".equals(status)) {
                repository.keepPendingInventory(device.deviceId(), json.writeValueAsString(inventory), device.seq(), clock.instant());
                return;
            }
            requireApproved(new io.steward.server.shared.AgentDevice(device.deviceId(), device.clientId(), "APPROVED".equals(status), device.seq()));
        }
        applyInventory(device, inventory, clock.instant());
    }

    /** What an inventory changes: the device's OS and inventory, its groups (so its policies), the software catalogue. */
    private void applyInventory(io.steward.server.shared.AgentDevice device, Messages.Inventory inventory, Instant at) {
        DeviceId id = device.deviceId();
        // The OS may have changed, and with it the device's rule groups and so its alert policies.
        events.publishEvent(new DeviceProfileChanged(device.clientId(), id));
        repository.storeInventory(id, json.writeValueAsString(inventory),
                inventory.osName() == null ? null : Enrollment.limit(inventory.osName() + " " + (inventory.osVersion() == null ? "" : inventory.osVersion())), at);
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
        java.util.Set<UUID> members = groupId == null ? null : java.util.Set.copyOf(deviceGroups.get(viewer, groupId).members());
        boolean byStatus = status != null && !status.isBlank();
        if (byStatus && !List.of("PENDING", "APPROVED", "RETIRED").contains(status)) {
            throw new InvalidInputException("status", "status is PENDING, APPROVED or RETIRED.");
        }
        boolean byState = state != null && !state.isBlank();
        if (byState && !List.of("ONLINE", "OFFLINE").contains(state)) {
            throw new InvalidInputException("state", "state is ONLINE or OFFLINE.");
        }
        DeviceRepository.Filter filter = new DeviceRepository.Filter(client, byStatus ? status : null, byState ? state : null,
                clock.instant().minusSeconds(3L * properties.heartbeatSeconds()),
                tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(java.util.Locale.ROOT));
        return repository.list(viewer.scope(), filter).stream().filter(d -> members == null || members.contains(d.id().value())).toList();
    }

    /** Every device of the client with this status (null: any), by host name: not a page of the registry ({@link #list} stops at 1,000). */
    @Transactional(readOnly = true)
    public List<Device> everyDevice(Viewer viewer, ClientId client, String status) {
        requireStaff(viewer);
        return repository.list(viewer.scope(), new DeviceRepository.Filter(java.util.Objects.requireNonNull(client), status, null, null, null),
                Integer.MAX_VALUE);
    }

    @Transactional(readOnly = true)
    public Device get(Viewer viewer, DeviceId id) {
        requireStaff(viewer);
        return repository.inScope(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such device."));
    }

    /** The inventory as the agent last sent it, or null. */
    @Transactional(readOnly = true)
    public Messages.Inventory inventory(Viewer viewer, DeviceId id) {
        get(viewer, id);
        String text = repository.inventoryJson(id);
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
        repository.setStatus(id, status, clock.instant(), viewer.email());
        if ("APPROVED".equals(status)) {
            // What the device reported while it waited, as if it arrived now that it may (when it was received).
            repository.takePendingInventory(id).ifPresent(kept -> applyInventory(
                    new io.steward.server.shared.AgentDevice(id, d.clientId(), true, kept.seq()),
                    json.readValue(kept.inventoryJson(), Messages.Inventory.class), kept.receivedAt()));
        }
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
        repository.setCriticality(id, criticality);
        events.publishEvent(new DeviceProfileChanged(d.clientId(), id));
        return get(viewer, id);
    }

    // ---- tags and groups

    @Transactional
    public Device setTags(Viewer viewer, DeviceId id, List<String> tags) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        List<String> clean = DeviceGroups.validTags(tags, "tags");
        Device d = get(viewer, id);
        audit.record("device.tagged", "device", id.toString(), d.clientId(), Map.of("tags", String.join(",", clean)));
        // Safe as an array literal: every tag matched TAG, which allows no quote, comma or brace.
        repository.setTags(id, clean);
        events.publishEvent(new DeviceProfileChanged(d.clientId(), id));
        return get(viewer, id);
    }

    /** A group as submitted: STATIC with {@code deviceIds}, or RULE with at least one of os, siteId, tags. */
    public record GroupDraft(String name, String kind, String os, UUID siteId, List<String> tags, List<UUID> deviceIds) {
    }

    public DeviceGroup createGroup(Viewer viewer, ClientId client, GroupDraft d) {
        return deviceGroups.create(viewer, client, d);
    }

    /** Replaces a static group's members. */
    public DeviceGroup setMembers(Viewer viewer, UUID groupId, List<UUID> deviceIds) {
        return deviceGroups.setMembers(viewer, groupId, deviceIds);
    }

    public void deleteGroup(Viewer viewer, UUID groupId) {
        deviceGroups.delete(viewer, groupId);
    }

    public List<DeviceGroup> groups(Viewer viewer, ClientId client) {
        return deviceGroups.ofClient(viewer, client);
    }

    public DeviceGroup group(Viewer viewer, UUID groupId) {
        return deviceGroups.get(viewer, groupId);
    }

    /** The device as alert policies see it, with its groups resolved; null if unknown. In the caller's tenant scope. */
    @Transactional(readOnly = true)
    public DeviceProfile profile(DeviceId id) {
        return profiles.of(List.of(id)).get(id);
    }

    /** {@link #profile} for many devices at once (a few statements for all); those unknown are left out. */
    @Transactional(readOnly = true)
    public java.util.Map<DeviceId, DeviceProfile> profiles(java.util.Collection<DeviceId> ids) {
        return profiles.of(ids);
    }

    public int heartbeatSeconds() {
        return properties.heartbeatSeconds();
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
