package io.steward.server.devices;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A device's tags, criticality, OS or group memberships changed; {@code deviceId} null means
 * possibly every device of the client (a group was added, changed or removed).
 */
public record DeviceProfileChanged(ClientId clientId, DeviceId deviceId) {
}
