package io.steward.server.shared;

/**
 * The device an agent request was signed by, proven by its key (never taken from the body).
 * Invariant: set on a request only after the signature, timestamp and sequence were checked.
 *
 * @param approved false while a technician has not approved the device yet
 */
public record AgentDevice(DeviceId deviceId, ClientId clientId, boolean approved, long seq) {
}
