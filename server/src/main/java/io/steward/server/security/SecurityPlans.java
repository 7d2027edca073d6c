package io.steward.server.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.audit.AuditLog;
import io.steward.server.security.internal.PlanRepository;
import io.steward.server.devices.DeviceGroup;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.SecurityPlanSource;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.steward.server.shared.PolicyInputs.range;

/**
 * Security-check plans per client: read by staff who serve the client, changed by service managers and admins with
 * optimistic versions (412 on a stale one), validated field by field (400 with the field) and audited. A device group
 * may have exceptions of its own ({@link SecurityPlan.GroupOverride}); a device checks by its client's plan with its
 * groups' exceptions ({@link #planFor}). Also the plan of every heartbeat answer ({@link SecurityPlanSource}), kept in
 * memory for 30 seconds per client as every heartbeat of a fleet asks.
 */
@Service
public class SecurityPlans implements SecurityPlanSource {
    private static final long KEEP_NANOS = 30_000_000_000L;
    /** Who may change a client's plan (what counts as an incident is part of the service sold). */
    public static final Role[] PLAN_EDITORS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};
    /** A port or an inclusive range of ports, and the protocol: what the agent's listening-ports check reads. */
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?/(tcp|udp)");
    private static final Pattern ADMIN = Pattern.compile("[\\p{L}\\p{N}._@$\\\\ -]{1,104}");

    private final PlanRepository repository;
    private final ClientService clients;
    private final DeviceService devices;
    private final AuditLog audit;
    private final Clock clock;
    private final ConcurrentHashMap<ClientId, Kept> forAgents = new ConcurrentHashMap<>();

    private record Kept(SecurityPlan plan, List<SecurityPlan.GroupOverride> overrides, long at) {
    }

    public SecurityPlans(PlanRepository repository, ClientService clients, DeviceService devices, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** The client's plan (its defaults when never saved); 404 for a client outside the viewer's scope. */
    @Transactional(readOnly = true)
    public SecurityPlan get(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.find(viewer.scope(), client).orElseGet(() -> SecurityPlan.defaults(client));
    }

    /** The plan the client's agents check by (no viewer: the agent channel and Steward's own work, in the client's scope). */
    @Transactional(readOnly = true)
    public SecurityPlan plan(ClientId client) {
        return repository.find(TenantScope.of(client), client).orElseGet(() -> SecurityPlan.defaults(client));
    }

    /** The plan a device checks by: its client's, with the exceptions of the device's groups. */
    @Transactional(readOnly = true)
    public SecurityPlan planFor(ClientId client, DeviceId device) {
        return forDevice(plan(client), repository.overrides(TenantScope.of(client), client), device);
    }

    /** The heartbeat's plan for the device ({@link SecurityPlanSource}): as {@link #planFor}, from what is kept of its client. */
    @Override
    public SecurityCheckMessages.Plan securityPlan(ClientId client, DeviceId device) {
        long now = System.nanoTime();
        Kept kept = forAgents.get(client);
        if (kept == null || now - kept.at() >= KEEP_NANOS) {
            kept = new Kept(repository.find(TenantScope.of(client), client).orElseGet(() -> SecurityPlan.defaults(client)),
                    repository.overrides(TenantScope.of(client), client), now);
            forAgents.put(client, kept);
        }
        return forDevice(kept.plan(), kept.overrides(), device).forAgent();
    }

    /** Drops what heartbeats keep of the client's plans, now and when the transaction ends. */
    private void forget(ClientId client) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> forAgents.remove(client));
    }

    private SecurityPlan forDevice(SecurityPlan plan, List<SecurityPlan.GroupOverride> overrides, DeviceId device) {
        if (overrides.isEmpty()) {
            return plan;
        }
        // Only clients with group exceptions pay for the device's profile.
        DeviceProfile profile = devices.profile(device);
        return profile == null ? plan : plan.forGroups(overrides.stream().filter(o -> profile.groupIds().contains(o.groupId())).toList());
    }

    /** The client's device-group exceptions, by group name. */
    @Transactional(readOnly = true)
    public List<SecurityPlan.GroupOverride> overrides(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.overrides(viewer.scope(), client);
    }

    /**
     * Sets a device group's exceptions, whole: a null field inherits the client's value. {@code expectedVersion} 0 when the
     * group has none yet; 404 for a group that is not the client's.
     */
    @Transactional
    public SecurityPlan.GroupOverride saveOverride(Viewer viewer, ClientId client, UUID group, SecurityPlan.Draft d, int expectedVersion) {
        viewer.requireWriter(PLAN_EDITORS);
        DeviceGroup g = clientsGroup(viewer, client, group);
        int current = overrides(viewer, client).stream().filter(o -> o.groupId().equals(group)).mapToInt(SecurityPlan.GroupOverride::version)
                .findFirst().orElse(0);
        if (current != expectedVersion) {
            throw new StaleVersionException(current);
        }
        SecurityPlan.GroupOverride next = new SecurityPlan.GroupOverride(group, client, g.name(), optional(d.everyMinutes(), "everyMinutes", 5, 10080),
                optional(d.failedLogonWindowMinutes(), "failedLogonWindowMinutes", 5, 10080),
                optional(d.failedLogonThreshold(), "failedLogonThreshold", 0, 100_000), ports(d.allowedPorts(), null), admins(d.admins(), null),
                optional(d.maxRebootPendingHours(), "maxRebootPendingHours", 1, 8760),
                optional(d.maxSecurityUpdateAgeDays(), "maxSecurityUpdateAgeDays", 1, 365), checks(d.incidentChecks(), null),
                expectedVersion + 1, viewer.email(), clock.instant());
        audit.record("security_plan.group_override_saved", "device_group", group.toString(), client, Map.of("override", String.valueOf(next)));
        forget(client);
        if (!repository.saveOverride(next, expectedVersion)) {
            throw new StaleVersionException(expectedVersion + 1);
        }
        return next;
    }

    /** Removes a device group's exceptions (its devices check by the client's plan again). */
    @Transactional
    public void deleteOverride(Viewer viewer, ClientId client, UUID group, int expectedVersion) {
        viewer.requireWriter(PLAN_EDITORS);
        clientsGroup(viewer, client, group);
        if (!repository.deleteOverride(group, expectedVersion)) {
            throw new StaleVersionException(overrides(viewer, client).stream().filter(o -> o.groupId().equals(group))
                    .mapToInt(SecurityPlan.GroupOverride::version).findFirst().orElse(0));
        }
        forget(client);
        audit.record("security_plan.group_override_deleted", "device_group", group.toString(), client, Map.of("version", expectedVersion));
    }

    private DeviceGroup clientsGroup(Viewer viewer, ClientId client, UUID group) {
        clients.get(viewer, client);
        DeviceGroup g = devices.group(viewer, group);
        if (!g.clientId().equals(client)) {
            throw new NotFoundException("No such device group of this client.");
        }
        return g;
    }

    private static Integer optional(Integer value, String field, int min, int max) {
        return value == null ? null : range(value, 0, field, min, max);
    }

    /** Changes the fields the draft gives, if the plan is still at {@code expectedVersion}; 400 with the first field at fault. */
    @Transactional
    public SecurityPlan update(Viewer viewer, ClientId client, SecurityPlan.Draft d, int expectedVersion) {
        viewer.requireWriter(PLAN_EDITORS);
        SecurityPlan c = get(viewer, client);
        if (c.version() != expectedVersion) {
            throw new StaleVersionException(c.version(), c);
        }
        SecurityPlan next = new SecurityPlan(client, range(d.everyMinutes(), c.everyMinutes(), "everyMinutes", 5, 10080),
                range(d.failedLogonWindowMinutes(), c.failedLogonWindowMinutes(), "failedLogonWindowMinutes", 5, 10080),
                range(d.failedLogonThreshold(), c.failedLogonThreshold(), "failedLogonThreshold", 0, 100_000),
                ports(d.allowedPorts(), c.allowedPorts()), admins(d.admins(), c.admins()),
                range(d.maxRebootPendingHours(), c.maxRebootPendingHours(), "maxRebootPendingHours", 1, 8760),
                range(d.maxSecurityUpdateAgeDays(), c.maxSecurityUpdateAgeDays(), "maxSecurityUpdateAgeDays", 1, 365),
                checks(d.incidentChecks(), c.incidentChecks()), expectedVersion + 1, viewer.email(), clock.instant());
        audit.record("security_plan.updated", "client", client.toString(), client, Map.of("everyMinutes", next.everyMinutes(),
                "failedLogonWindowMinutes", next.failedLogonWindowMinutes(), "failedLogonThreshold", next.failedLogonThreshold(),
                "allowedPorts", next.allowedPorts(), "admins", next.admins(), "maxRebootPendingHours", next.maxRebootPendingHours(),
                "maxSecurityUpdateAgeDays", next.maxSecurityUpdateAgeDays(), "incidentChecks", next.incidentChecks(), "version", next.version()));
        forget(client);
        if (!repository.save(next, expectedVersion)) {
            SecurityPlan latest = repository.find(viewer.scope(), client).orElseGet(() -> SecurityPlan.defaults(client));
            throw new StaleVersionException(latest.version(), latest);
        }
        return next;
    }

    static List<String> ports(List<String> value, List<String> current) {
        if (value == null) {
            return current;
        }
        List<String> out = new ArrayList<>();
        for (String s : value) {
            String p = s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            var m = PORT.matcher(p);
            int low = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            int high = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : low;
            if (low < 1 || high > 65535 || high < low) {
                throw new InvalidInputException("allowedPorts", "A port or range of ports and the protocol, such as 22/tcp, 53/udp or 8000-8099/tcp: " + p);
            }
            String norm = (low == high ? Integer.toString(low) : low + "-" + high) + "/" + m.group(3);
            if (!out.contains(norm)) {
                out.add(norm);
            }
        }
        if (out.size() > 500) {
            throw new InvalidInputException("allowedPorts", "At most 500 ports.");
        }
        return out;
    }

    static List<String> admins(List<String> value, List<String> current) {
        if (value == null) {
            return current;
        }
        List<String> out = new ArrayList<>();
        for (String s : value) {
            String a = s == null ? "" : s.strip();
            if (a.isEmpty()) {
                continue;
            }
            if (!ADMIN.matcher(a).matches()) {
                throw new InvalidInputException("admins", "Not an account name: " + a);
            }
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        if (out.size() > 200) {
            throw new InvalidInputException("admins", "At most 200 accounts.");
        }
        return out;
    }

    static List<String> checks(List<String> value, List<String> current) {
        if (value == null) {
            return current;
        }
        List<String> out = new ArrayList<>();
        for (String s : value) {
            String c = s == null ? "" : s.strip();
            if (c.isEmpty()) {
                continue;
            }
            if (!SecurityCheckMessages.CHECKS.contains(c)) {
                throw new InvalidInputException("incidentChecks", "Unknown check " + c + "; one of " + String.join(", ", SecurityCheckMessages.CHECKS) + ".");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        // In the protocol's order, so the page and the API list them alike.
        return SecurityCheckMessages.CHECKS.stream().filter(out::contains).toList();
    }

    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.ForbiddenException("Security checks are for staff.");
        }
    }
}
