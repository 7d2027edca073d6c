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
    private final Map<DeviceId, PatchPolicy> resolved = new HashMap<>();

    PolicyBook(Map<ClientId, PatchPolicy> clients, Map<ClientId, List<PolicyOverride>> overrides, Map<DeviceId, UUID> siteOf,
               Map<DeviceId, Set<UUID>> groupsOf) {
        this.clients = clients;
        this.overrides = overrides;
        this.siteOf = siteOf;
        this.groupsOf = groupsOf;
    }

    /** The client's own policy (its defaults when never configured). */
    public PatchPolicy client(ClientId client) {
        return clients.getOrDefault(client, PatchPolicy.defaults(client));
    }

    /** The policy {@code device} of {@code client} is patched by. */
    public PatchPolicy of(ClientId client, DeviceId device) {
        Collection<PolicyOverride> list = overrides.get(client);
        if (list == null || list.isEmpty()) {
            return client(client);
        }
        return resolved.computeIfAbsent(device, d -> EffectivePolicy.of(client(client), list, siteOf.get(d), groupsOf.getOrDefault(d, Set.of())));
    }
}
