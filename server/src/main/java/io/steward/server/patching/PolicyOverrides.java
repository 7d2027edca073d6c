package io.steward.server.patching;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.patch.PatchInstall;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.DeviceGroup;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.internal.OverrideRepository;
import io.steward.server.patching.internal.ScanRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.SiteService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patch policies per site and device group: exceptions to the client's policy ({@link PolicyOverride}), set by the
 * same people who set the client's policy, versioned (412 on a stale one) and audited; and the {@link PolicyBook}
 * every patch view and installer plan reads devices' policies from.
 */
@Service
public class PolicyOverrides {
    private final OverrideRepository repository;
    private final ScanRepository scans;
    private final PatchPolicies policies;
    private final DeviceService devices;
    private final SiteService sites;
    private final AuditLog audit;
    private final Clock clock;

    public PolicyOverrides(OverrideRepository repository, ScanRepository scans, PatchPolicies policies, DeviceService devices, SiteService sites, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.scans = scans;
        this.policies = policies;
        this.devices = devices;
        this.sites = sites;
        this.audit = audit;
        this.clock = clock;
    }

    /** The client's overrides, sites first, each with its site's or group's name. */
    @Transactional(readOnly = true)
    public List<PolicyOverride> list(Viewer viewer, ClientId client) {
        policies.get(viewer, client);
        Map<UUID, String> names = names(viewer, client);
        return repository.list(viewer.scope(), client).stream().map(o -> named(o, names.get(o.scopeId())))
                .sorted(java.util.Comparator.comparing(PolicyOverride::kind).reversed()
                        .thenComparing(o -> o.scopeName() == null ? "" : o.scopeName(), String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** A site or device group of the client, which may have a patch policy of its own. */
    public record Scope(String kind, UUID id, String name) {
        /** As a form's select sends it: {@code KIND:id}. */
        public String key() {
            return kind + ":" + id;
        }
    }

    /** The client's sites and device groups. */
    @Transactional(readOnly = true)
    public List<Scope> scopes(Viewer viewer, ClientId client) {
        policies.get(viewer, client);
        List<Scope> out = new java.util.ArrayList<>();
        sites.ofClient(viewer, client).forEach(s -> out.add(new Scope("SITE", s.id().value(), s.name())));
        devices.groups(viewer, client).forEach(g -> out.add(new Scope("GROUP", g.id(), g.name())));
        return out;
    }

    /** Sets the exceptions of one of the client's sites or groups, if still at {@code expectedVersion} (0: none yet). */
    @Transactional
    public PolicyOverride save(Viewer viewer, ClientId client, String kind, UUID scopeId, PolicyOverride.Draft d, int expectedVersion) {
        viewer.requireWriter(PatchPolicies.POLICY_EDITORS);
        policies.get(viewer, client);
        String k = kind(kind);
        String name = scopeName(viewer, client, k, scopeId);
        PolicyOverride current = repository.find(viewer.scope(), client, k, scopeId).orElse(null);
        int version = current == null ? 0 : current.version();
        if (version != expectedVersion) {
            throw new StaleVersionException(version, current == null ? null : named(current, name));
        }
        PolicyOverride next = new PolicyOverride(client, k, scopeId, name, optional(d.scanHours(), "scanHours", 1, 168),
                optional(d.securityDeadlineDays(), "securityDeadlineDays", 1, 365),
                d.securityApproval() == null || d.securityApproval().isBlank() ? null
                        : io.steward.server.shared.PolicyInputs.choice(d.securityApproval(), null, "securityApproval", PatchPolicy.APPROVALS),
                PatchPolicies.held(d.heldPackages() == null ? List.of() : d.heldPackages(), List.of()),
                d.reboot() == null || d.reboot().isBlank() ? null : io.steward.server.shared.PolicyInputs.choice(d.reboot(), null, "reboot", PatchInstall.REBOOTS),
                optional(d.rebootWarningMinutes(), "rebootWarningMinutes", 0, 240), expectedVersion + 1, viewer.email(), clock.instant());
        if (next.scanHours() == null && next.securityDeadlineDays() == null && next.securityApproval() == null && next.heldPackages().isEmpty()
                && next.reboot() == null && next.rebootWarningMinutes() == null) {
            throw new InvalidInputException("override", "Set at least one field; to follow the client's policy, remove the override.");
        }
        audit.record("patch_policy.override_saved", "client", client.toString(), client, Map.of("kind", k, "scope", scopeId.toString(),
                "version", next.version()));
        if (!repository.save(next, expectedVersion)) {
            PolicyOverride latest = repository.find(viewer.scope(), client, k, scopeId).orElse(null);
            throw new StaleVersionException(latest == null ? 0 : latest.version(), latest);
        }
        policies.forget(client);
        return next;
    }

    /** Removes a site's or group's exceptions: its devices follow the client's policy again. */
    @Transactional
    public void delete(Viewer viewer, ClientId client, String kind, UUID scopeId) {
        viewer.requireWriter(PatchPolicies.POLICY_EDITORS);
        policies.get(viewer, client);
        String k = kind(kind);
        if (!repository.delete(client, k, scopeId)) {
            throw new NotFoundException("This site or group has no patch policy of its own.");
        }
        audit.record("patch_policy.override_removed", "client", client.toString(), client, Map.of("kind", k, "scope", scopeId.toString()));
        policies.forget(client);
    }

    /** The policies of devices in the viewer's scope, or of one client's devices. */
    @Transactional(readOnly = true)
    public PolicyBook book(Viewer viewer, ClientId client) {
        Map<ClientId, PatchPolicy> all = policies.all(viewer);
        Map<ClientId, List<PolicyOverride>> overrides = new HashMap<>();
        repository.list(viewer.scope(), client).forEach(o -> overrides.computeIfAbsent(o.clientId(), c -> new java.util.ArrayList<>()).add(o));
        Map<DeviceId, UUID> siteOf = new HashMap<>();
        Map<DeviceId, Set<UUID>> groupsOf = new HashMap<>();
        Map<DeviceId, ClientId> placed = new HashMap<>();
        overrides.forEach((c, list) -> {
            Map<UUID, String> names = names(viewer, c);
            list.replaceAll(o -> named(o, names.get(o.scopeId())));
            scans.approvedDevices(viewer.scope(), c, null).stream().filter(d -> d.siteId() != null).forEach(d -> {
                siteOf.put(d.id(), d.siteId());
                placed.put(d.id(), c);
            });
            if (list.stream().anyMatch(o -> "GROUP".equals(o.kind()))) {
                for (DeviceGroup g : devices.groups(viewer, c)) {
                    g.members().forEach(m -> {
                        groupsOf.computeIfAbsent(new DeviceId(m), k -> new HashSet<>()).add(g.id());
                        placed.put(new DeviceId(m), c);
                    });
                }
            }
        });
        return new PolicyBook(all, overrides, siteOf, groupsOf, placed);
    }

    private Map<UUID, String> names(Viewer viewer, ClientId client) {
        Map<UUID, String> names = new LinkedHashMap<>();
        sites.ofClient(viewer, client).forEach(s -> names.put(s.id().value(), s.name()));
        devices.groups(viewer, client).forEach(g -> names.put(g.id(), g.name()));
        return names;
    }

    private String scopeName(Viewer viewer, ClientId client, String kind, UUID scopeId) {
        if (scopeId == null) {
            throw new InvalidInputException("scopeId", "Name the site or device group.");
        }
        try {
            if ("SITE".equals(kind)) {
                var site = sites.get(viewer, new SiteId(scopeId));
                if (site.clientId().equals(client)) {
                    return site.name();
                }
            } else {
                DeviceGroup group = devices.group(viewer, scopeId);
                if (group.clientId().equals(client)) {
                    return group.name();
                }
            }
        } catch (NotFoundException e) {
            // Reported below like another client's site or group: the caller learns nothing about ids it cannot see.
        }
        throw new InvalidInputException("scopeId", "Not one of this client's " + ("SITE".equals(kind) ? "sites." : "device groups."));
    }

    private static PolicyOverride named(PolicyOverride o, String name) {
        return new PolicyOverride(o.clientId(), o.kind(), o.scopeId(), name, o.scanHours(), o.securityDeadlineDays(), o.securityApproval(),
                o.heldPackages(), o.reboot(), o.rebootWarningMinutes(), o.version(), o.updatedBy(), o.updatedAt());
    }

    private static String kind(String kind) {
        String k = kind == null ? "" : kind.strip().toUpperCase(java.util.Locale.ROOT);
        if (!PolicyOverride.KINDS.contains(k)) {
            throw new InvalidInputException("kind", "kind is SITE or GROUP.");
        }
        return k;
    }

    private static Integer optional(Integer value, String field, int min, int max) {
        return value == null ? null : io.steward.server.shared.PolicyInputs.range(value, 0, field, min, max);
    }
}
