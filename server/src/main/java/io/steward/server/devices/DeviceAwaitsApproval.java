package io.steward.server.devices;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A device enrolled and waits for a person's approval (its token does not auto-approve, or its key was seen before:
 * then {@code flag} says so, else it is null). Published in the enrolling transaction.
 */
public record DeviceAwaitsApproval(DeviceId deviceId, ClientId clientId, String hostname, String flag) {
}
