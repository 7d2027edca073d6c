package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A policy's threshold was crossed on a device: an alert opened.
 *
 * @param criticality      the device's: LOW, NORMAL, HIGH or CRITICAL
 * @param previousTicketId the incident of the same device, policy and instance that cleared within the re-fire window, to reuse; or null
 */
public record AlertRaised(UUID alertId, DeviceId deviceId, ClientId clientId, String hostname, String criticality, String policy, String severity,
                          String metric, String instance, double value, double threshold, UUID previousTicketId) {
}
