package io.steward.server.automation;

import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** Someone cancelled a task: its queued runs will not be delivered and the agents must stop the runs they hold. */
public record TaskCancelled(java.util.UUID taskId, ClientId clientId, List<DeviceId> deviceIds) {
}
