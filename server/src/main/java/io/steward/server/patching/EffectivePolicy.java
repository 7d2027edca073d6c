package io.steward.server.patching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Decides the policy a device is patched by: its client's policy, with the override of its site over it, and the
 * overrides of the device groups it is in over that (the more specific wins: a group is chosen on purpose, a site is
 * where a device happens to be). When several of its groups override the same field, the group first by name wins,
 * so the outcome never depends on the order rows come back in. Held packages add up from all of them.
 */
public final class EffectivePolicy {
    private EffectivePolicy() {
    }

    /**
     * @param client    the client's policy (its defaults when never configured)
     * @param overrides the client's overrides (others are ignored)
     * @param siteId    the device's site, or null
     * @param groupIds  the groups the device is in
     */
    public static PatchPolicy of(PatchPolicy client, Collection<PolicyOverride> overrides, UUID siteId, Collection<UUID> groupIds) {
        List<PolicyOverride> applying = new ArrayList<>();
        overrides.stream().filter(o -> o.clientId().equals(client.clientId()) && "SITE".equals(o.kind()) && o.scopeId().equals(siteId))
                .forEach(applying::add);
        // Applied last = wins: groups after the site, and among groups the first by name last.
        overrides.stream().filter(o -> o.clientId().equals(client.clientId()) && "GROUP".equals(o.kind()) && groupIds.contains(o.scopeId()))
                .sorted(Comparator.comparing((PolicyOverride o) -> o.scopeName() == null ? "" : o.scopeName(), String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(PolicyOverride::scopeId).reversed())
                .forEach(applying::add);
        PatchPolicy p = client;
        for (PolicyOverride o : applying) {
            p = apply(p, o);
        }
        return p;
    }

    private static PatchPolicy apply(PatchPolicy p, PolicyOverride o) {
        TreeSet<String> held = new TreeSet<>(p.heldPackages());
        held.addAll(o.heldPackages());
        return new PatchPolicy(p.clientId(), o.scanHours() == null ? p.scanHours() : o.scanHours(), p.refreshMetadata(), p.refreshJitterMinutes(),
                o.securityDeadlineDays() == null ? p.securityDeadlineDays() : o.securityDeadlineDays(), p.cycleWeek(), p.cycleWeekday(),
                p.cycleOffsetDays(), o.securityApproval() == null ? p.securityApproval() : o.securityApproval(), List.copyOf(held),
                o.reboot() == null ? p.reboot() : o.reboot(), o.rebootWarningMinutes() == null ? p.rebootWarningMinutes() : o.rebootWarningMinutes(),
                p.rollout(), p.scanRequestedAt(), p.version(), p.updatedBy(), p.updatedAt());
    }
}
