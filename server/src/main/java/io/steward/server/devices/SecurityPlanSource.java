package io.steward.server.devices;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * Where the heartbeat answer's security-check plan comes from: the client's plan with the exceptions of the device's
 * groups, which the security module keeps. Devices defines this and security implements it (as {@link ScanPlanSource}
 * for patching), so devices builds the heartbeat answer without depending on security. The agent's first round of
 * checks after a start follows it; without it that round would check by the protocol's default plan and fail what the
 * client allows. Called on every heartbeat of an approved device, in its client's scope, outside any transaction: an
 * implementation answers from memory most of the time.
 */
public interface SecurityPlanSource {
    SecurityCheckMessages.Plan securityPlan(ClientId client, DeviceId device);
}
