package io.steward.server.devices;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * An approved device's agent reported in: published after every v1 heartbeat's commit, in the device's scope (heartbeats
 * on the stream are announced together, {@link DevicesHeard}).
 */
public record DeviceHeard(DeviceId deviceId, ClientId clientId) {
}
