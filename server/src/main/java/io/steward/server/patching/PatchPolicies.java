package io.steward.server.patching;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.ScanPlanSource;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.patching.internal.OutstandingRepository;
import io.steward.server.patching.internal.OverrideRepository;
import io.steward.server.patching.internal.PolicyRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.steward.server.shared.PolicyInputs.choice;
import static io.steward.server.shared.PolicyInputs.range;

/**
 * Patch policies per client: read by staff who serve the client, changed by technicians, service managers and admins
 * with optimistic versions (412 on a stale one), audited. Also the scan plan of every heartbeat answer
 * ({@link ScanPlanSource}), kept in memory for 30 seconds per client as every heartbeat of a fleet asks.
 */
@Service
public class PatchPolicies implements ScanPlanSource {
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._:~@-]{0,199}");
    private static final long KEEP_NANOS = 30_000_000_000L;

    private final PolicyRepository repository;
    private final OverrideRepository overrides;
    private final OutstandingRepository outstanding;
    private final ClientService clients;
    private final AuditLog audit;
    private final DeviceService devices;
    private final ScriptLibrary scripts;
    private final Clock clock;
    private final ConcurrentHashMap<ClientId, Kept> forAgents = new ConcurrentHashMap<>();

    public PatchPolicies(PolicyRepository repository, OverrideRepository overrides, OutstandingRepository outstanding,
                         ClientService clients, AuditLog audit, DeviceService devices, ScriptLibrary scripts, Clock clock) {
        this.repository = repository;
        this.overrides = overrides;
        this.outstanding = outstanding;
        this.clients = clients;
        this.audit = audit;
        this.devices = devices;
        this.scripts = scripts;
        this.clock = clock;
    }

    private record Kept(PatchPolicy policy, List<PolicyOverride> overrides, long at) {
    }

    /** The client's policy (its defaults when never configured); 404 for a client outside the viewer's scope. */
    @Transactional(readOnly = true)
    public PatchPolicy get(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.find(viewer.scope(), client).orElseGet(() -> PatchPolicy.defaults(client));
    }

    /** Every policy in the viewer's scope by client; clients absent have the defaults. */
    @Transactional(readOnly = true)
    public Map<ClientId, PatchPolicy> all(Viewer viewer) {
        requireStaff(viewer);
        Map<ClientId, PatchPolicy> out = new LinkedHashMap<>();
        repository.all(viewer.scope()).forEach(p -> out.put(p.clientId(), p));
        return out;
    }

    /** A device group or script the policy form offers. */
    public record Choice(UUID id, String name) {
    }

    /** What a rollout may name for the client: its device groups (pilot ring) and the library's scripts (pre and post). */
    public record RolloutChoices(List<Choice> groups, List<Choice> scripts) {
    }

    @Transactional(readOnly = true)
    public RolloutChoices rolloutChoices(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return new RolloutChoices(devices.groups(viewer, client).stream().map(g -> new Choice(g.id(), g.name())).toList(),
                scripts.list(viewer, false).stream().filter(s -> ScriptLibrary.INTERPRETERS.contains(s.interpreter()))
                        .map(s -> new Choice(s.id(), s.name())).toList());
    }

    /** The next standard cycle day of the client's policy, in the client's time zone. */
    @Transactional(readOnly = true)
    public LocalDate nextCycle(Viewer viewer, ClientId client) {
        PatchPolicy p = get(viewer, client);
        ZoneId zone = ZoneId.of(clients.get(viewer, client).timeZone());
        return new PatchCycle(clock).next(zone, p.cycleWeek(), DayOfWeek.of(p.cycleWeekday()), p.cycleOffsetDays());
    }

    /** Changes the fields the draft gives, if the policy is still at {@code expectedVersion}; 400 with the first field at fault. */
    @Transactional
    public PatchPolicy update(Viewer viewer, ClientId client, PatchPolicy.Draft d, int expectedVersion) {
        // What the client's contract allows (automatic approval, deadlines, reboots) is the service manager's to set.
        viewer.requireWriter(POLICY_EDITORS);
        PatchPolicy c = get(viewer, client);
        if (c.version() != expectedVersion) {
            throw new StaleVersionException(c.version(), c);
        }
        PatchPolicy next = new PatchPolicy(client, range(d.scanHours(), c.scanHours(), "scanHours", 1, 168),
                d.refreshMetadata() == null ? c.refreshMetadata() : d.refreshMetadata(),
                range(d.refreshJitterMinutes(), c.refreshJitterMinutes(), "refreshJitterMinutes", 0, 720),
                range(d.securityDeadlineDays(), c.securityDeadlineDays(), "securityDeadlineDays", 1, 365),
                range(d.cycleWeek(), c.cycleWeek(), "cycleWeek", 1, 5), range(d.cycleWeekday(), c.cycleWeekday(), "cycleWeekday", 1, 7),
                range(d.cycleOffsetDays(), c.cycleOffsetDays(), "cycleOffsetDays", 0, 27),
                choice(d.securityApproval(), c.securityApproval(), "securityApproval", PatchPolicy.APPROVALS),
                held(d.heldPackages(), c.heldPackages()), choice(d.reboot(), c.reboot(), "reboot", PatchInstall.REBOOTS),
                range(d.rebootWarningMinutes(), c.rebootWarningMinutes(), "rebootWarningMinutes", 0, 240), rollout(viewer, client, d.rollout(), c.rollout()),
                c.scanRequestedAt(),
                expectedVersion + 1, viewer.email(), clock.instant());
        audit.record("patch_policy.updated", "client", client.toString(), client, Map.of("scanHours", next.scanHours(),
                "refreshMetadata", next.refreshMetadata(), "securityDeadlineDays", next.securityDeadlineDays(), "securityApproval",
                next.securityApproval(), "heldPackages", next.heldPackages(), "reboot", next.reboot(), "rollout", String.valueOf(next.rollout()), "version", next.version()));
        return save(next, expectedVersion);
    }

    /** Asks every device of the client to scan at its next heartbeat. */
    @Transactional
    public PatchPolicy requestScan(Viewer viewer, ClientId client) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        PatchPolicy c = get(viewer, client);
        PatchPolicy next = new PatchPolicy(client, c.scanHours(), c.refreshMetadata(), c.refreshJitterMinutes(), c.securityDeadlineDays(),
                c.cycleWeek(), c.cycleWeekday(), c.cycleOffsetDays(), c.securityApproval(), c.heldPackages(), c.reboot(), c.rebootWarningMinutes(),
                c.rollout(), clock.instant(), c.version() + 1, viewer.email(), clock.instant());
        audit.record("patch_scan.requested", "client", client.toString(), client, Map.of("version", next.version()));
        return save(next, c.version());
    }

    private PatchPolicy save(PatchPolicy next, int expectedVersion) {
        forget(next.clientId());
        if (!repository.save(next, expectedVersion)) {
            PatchPolicy latest = repository.find(TenantScope.of(next.clientId()), next.clientId()).orElseGet(() -> PatchPolicy.defaults(next.clientId()));
            throw new StaleVersionException(latest.version(), latest);
        }
        return next;
    }

    /** The heartbeat's scan plan from the policy the device is patched by (see {@link ScanPlanSource}). */
    @Override
    public PatchMessages.ScanPlan scanPlan(ClientId client, DeviceId device) {
        long now = System.nanoTime();
        Kept kept = forAgents.get(client);
        if (kept == null || now - kept.at() >= KEEP_NANOS) {
            Optional<PatchPolicy> loaded = repository.find(TenantScope.of(client), client);
            kept = new Kept(loaded.orElseGet(() -> PatchPolicy.defaults(client)), overrides.list(TenantScope.of(client), client), now);
            forAgents.put(client, kept);
        }
        PatchPolicy p = kept.policy();
        if (!kept.overrides().isEmpty()) {
            // Only clients with site or group policies pay for the device's profile.
            DeviceProfile profile = devices.profile(device);
            if (profile != null) {
                p = EffectivePolicy.of(p, kept.overrides(), profile.siteId(), profile.groupIds());
            }
        }
        return new PatchMessages.ScanPlan(p.scanHours(), p.scanRequestedAt() == null ? 0 : p.scanRequestedAt().toEpochMilli(), p.refreshMetadata(),
                p.refreshJitterMinutes());
    }

    /** Drops what heartbeats keep of the client's policies, now and when the transaction ends. */
    void forget(ClientId client) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> forAgents.remove(client));
        // Deadlines decide which kept outstanding groups are overdue: recomputed on the next refresh.
        outstanding.markStale(client);
    }

    private PatchPolicy.Rollout rollout(Viewer viewer, ClientId client, PatchPolicy.Rollout.Draft d, PatchPolicy.Rollout c) {
        if (d == null) {
            return c;
        }
        UUID group = id(d.pilotGroupId(), c.pilotGroupId(), "pilotGroupId");
        if (group != null && !group.equals(c.pilotGroupId())) {
            try {
                if (!devices.group(viewer, group).clientId().equals(client)) {
                    throw new InvalidInputException("pilotGroupId", "The pilot group must be one of this client's device groups.");
                }
            } catch (NotFoundException e) {
                throw new InvalidInputException("pilotGroupId", "No such device group.");
            }
        }
        return new PatchPolicy.Rollout(group, range(d.pilotWaitDays(), c.pilotWaitDays(), "pilotWaitDays", 0, 30),
                range(d.ringStopPercent(), c.ringStopPercent(), "ringStopPercent", 1, 100),
                range(d.installRetries(), c.installRetries(), "installRetries", 0, 5), range(d.emergencyHours(), c.emergencyHours(), "emergencyHours", 1, 336),
                script(viewer, id(d.preScriptId(), c.preScriptId(), "preScriptId"), c.preScriptId(), "preScriptId"),
                script(viewer, id(d.postScriptId(), c.postScriptId(), "postScriptId"), c.postScriptId(), "postScriptId"));
    }

    /** A library script people wrote (never the built-in installer) that the viewer can see. */
    private UUID script(Viewer viewer, UUID id, UUID current, String field) {
        if (id == null || id.equals(current)) {
            return id;
        }
        try {
            if (!ScriptLibrary.INTERPRETERS.contains(scripts.get(viewer, id).interpreter())) {
                throw new InvalidInputException(field, "Pre and post scripts are library scripts, not the installer.");
            }
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, "No such script.");
        }
        return id;
    }

    /** null keeps {@code current}; blank clears it. */
    private static UUID id(String value, UUID current, String field) {
        if (value == null) {
            return current;
        }
        if (value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "Not an id.");
        }
    }


    static List<String> held(List<String> value, List<String> current) {
        if (value == null) {
            return current;
        }
        List<String> out = new ArrayList<>();
        for (String s : value) {
            String name = s == null ? "" : s.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!PACKAGE.matcher(name).matches()) {
                throw new InvalidInputException("heldPackages", "Not a package name: " + name);
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        if (out.size() > 500) {
            throw new InvalidInputException("heldPackages", "At most 500 packages.");
        }
        return out.stream().sorted().toList();
    }

    /** Who may change a client's patch policy. */
    public static final Role[] POLICY_EDITORS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};

    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
