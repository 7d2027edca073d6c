package io.steward.server.patching;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * The policies devices are patched by, for one view: each client's policy and, for the few clients with site or
 * group overrides, the devices' sites and groups to resolve them ({@link EffectivePolicy}). Built per request.
 */
public final class PolicyBook {
    private final Map<ClientId, PatchPolicy> clients;
    private final Map<ClientId, List<PolicyOverride>> overrides;
    private final Map<DeviceId, UUID> siteOf;
    private final Map<DeviceId, Set<UUID>> groupsOf;
    private final Map<DeviceId, ClientId> placed;
    private final Map<DeviceId, PatchPolicy> resolved = new HashMap<>();

    /** {@code placed}: the devices of clients with overrides that are in a site or a group, with their client. */
    PolicyBook(Map<ClientId, PatchPolicy> clients, Map<ClientId, List<PolicyOverride>> overrides, Map<DeviceId, UUID> siteOf,
               Map<DeviceId, Set<UUID>> groupsOf, Map<DeviceId, ClientId> placed) {
        this.clients = clients;
        this.overrides = overrides;
        this.siteOf = siteOf;
        this.groupsOf = groupsOf;
        this.placed = placed;
    }

    /** The client's own policy (its defaults when never configured). */
    public PatchPolicy client(ClientId client) {
        return clients.getOrDefault(client, PatchPolicy.defaults(client));
    }

    /** The clients in the book's scope with a policy of their own (the rest have {@link PatchPolicy#defaults}). */
    public Map<ClientId, PatchPolicy> configured() {
        return java.util.Collections.unmodifiableMap(clients);
    }

    /** The policy {@code device} of {@code client} is patched by. */
    public PatchPolicy of(ClientId client, DeviceId device) {
        Collection<PolicyOverride> list = overrides.get(client);
        if (list == null || list.isEmpty()) {
            return client(client);
        }
        return resolved.computeIfAbsent(device, d -> EffectivePolicy.of(client(client), list, siteOf.get(d), groupsOf.getOrDefault(d, Set.of())));
    }

    /**
     * The devices patched by another policy than their client's (a site or group override applies), with it. Every
     * other device in the book's scope is patched by its client's policy, so a fleet view counts those per client and
     * only these per device.
     */
    public Map<DeviceId, PatchPolicy> differing() {
        Map<DeviceId, PatchPolicy> out = new HashMap<>();
        placed.forEach((device, client) -> {
            PatchPolicy p = of(client, device);
            if (!p.equals(client(client))) {
                out.put(device, p);
            }
        });
        return out;
    }
}
