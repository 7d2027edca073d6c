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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.ScanPlanSource;
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
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;
    private final ConcurrentHashMap<ClientId, Kept> forAgents = new ConcurrentHashMap<>();

    public PatchPolicies(PolicyRepository repository, ClientService clients, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    private record Kept(PatchPolicy policy, long at) {
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
                range(d.rebootWarningMinutes(), c.rebootWarningMinutes(), "rebootWarningMinutes", 0, 240), c.scanRequestedAt(),
                expectedVersion + 1, viewer.email(), clock.instant());
        audit.record("patch_policy.updated", "client", client.toString(), client, Map.of("scanHours", next.scanHours(),
                "refreshMetadata", next.refreshMetadata(), "securityDeadlineDays", next.securityDeadlineDays(), "securityApproval",
                next.securityApproval(), "heldPackages", next.heldPackages(), "reboot", next.reboot(), "version", next.version()));
        return save(next, expectedVersion);
    }

    /** Asks every device of the client to scan at its next heartbeat. */
    @Transactional
    public PatchPolicy requestScan(Viewer viewer, ClientId client) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        PatchPolicy c = get(viewer, client);
        PatchPolicy next = new PatchPolicy(client, c.scanHours(), c.refreshMetadata(), c.refreshJitterMinutes(), c.securityDeadlineDays(),
                c.cycleWeek(), c.cycleWeekday(), c.cycleOffsetDays(), c.securityApproval(), c.heldPackages(), c.reboot(), c.rebootWarningMinutes(),
                clock.instant(), c.version() + 1, viewer.email(), clock.instant());
        audit.record("patch_scan.requested", "client", client.toString(), client, Map.of("version", next.version()));
        return save(next, c.version());
    }

    private PatchPolicy save(PatchPolicy next, int expectedVersion) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> forAgents.remove(next.clientId()));
        if (!repository.save(next, expectedVersion)) {
            PatchPolicy latest = repository.find(TenantScope.of(next.clientId()), next.clientId()).orElseGet(() -> PatchPolicy.defaults(next.clientId()));
            throw new StaleVersionException(latest.version(), latest);
        }
        return next;
    }

    /** The heartbeat's scan plan from the device's client's policy (see {@link ScanPlanSource}). */
    @Override
    public PatchMessages.ScanPlan scanPlan(ClientId client, DeviceId device) {
        long now = System.nanoTime();
        Kept kept = forAgents.get(client);
        if (kept == null || now - kept.at() >= KEEP_NANOS) {
            Optional<PatchPolicy> loaded = repository.find(TenantScope.of(client), client);
            kept = new Kept(loaded.orElseGet(() -> PatchPolicy.defaults(client)), now);
            forAgents.put(client, kept);
        }
        PatchPolicy p = kept.policy();
        return new PatchMessages.ScanPlan(p.scanHours(), p.scanRequestedAt() == null ? 0 : p.scanRequestedAt().toEpochMilli(), p.refreshMetadata(),
                p.refreshJitterMinutes());
    }

    private static int range(Integer value, int current, String field, int min, int max) {
        int v = value == null ? current : value;
        if (v < min || v > max) {
            throw new InvalidInputException(field, "Between " + min + " and " + max + ".");
        }
        return v;
    }

    private static String choice(String value, String current, String field, List<String> allowed) {
        String v = value == null || value.isBlank() ? current : value.strip();
        if (!allowed.contains(v)) {
            throw new InvalidInputException(field, "One of " + String.join(", ", allowed) + ".");
        }
        return v;
    }

    private static List<String> held(List<String> value, List<String> current) {
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
