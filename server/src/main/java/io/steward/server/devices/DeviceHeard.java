package io.steward.server.devices;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** An approved device's agent reported in (published on every heartbeat, in its transaction). */
public record DeviceHeard(DeviceId deviceId, ClientId clientId) {
}
