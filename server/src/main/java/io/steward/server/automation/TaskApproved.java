package io.steward.server.automation;

import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A task was signed by the signer and its runs wait for delivery (state QUEUED): the agents of these devices should
 * hear of it within seconds. Published in the transaction that stored the signed orders.
 */
public record TaskApproved(java.util.UUID taskId, ClientId clientId, List<DeviceId> deviceIds) {
}
