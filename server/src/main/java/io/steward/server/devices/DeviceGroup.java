package io.steward.server.devices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A set of one client's devices: STATIC lists its members, RULE takes every device its rule matches.
 *
 * @param members the devices in the group now (for a rule group, as the rule resolves at this moment)
 */
public record DeviceGroup(UUID id, ClientId clientId, String name, String kind, String ruleOs, UUID ruleSiteId, List<String> ruleTags,
                          List<UUID> members, String createdBy, Instant createdAt) {

    public GroupRule rule() {
        return new GroupRule(ruleOs, ruleSiteId, java.util.Set.copyOf(ruleTags));
    }
}
