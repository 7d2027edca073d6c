package io.steward.server.devices;

import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** What alerting needs to know about a device to choose its policies: where it is, what it is, and the groups it is in. */
public record DeviceProfile(DeviceId id, ClientId clientId, UUID siteId, String hostname, String os, String criticality, Set<String> tags,
                            Set<UUID> groupIds) {
}
