package io.steward.server.devices;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * Where the heartbeat answer's scan plan comes from: the device's patch policy, which the patching module keeps.
 * Devices defines this and patching implements it, so devices builds the heartbeat answer without depending on
 * patching. Called on every heartbeat of an approved device, in its client's scope, outside any transaction: an
 * implementation answers from memory most of the time.
 */
public interface ScanPlanSource {
    PatchMessages.ScanPlan scanPlan(ClientId client, DeviceId device);
}
