package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A policy's threshold was crossed on a device: an alert opened.
 *
 * @param criticality      the device's: LOW, NORMAL, HIGH or CRITICAL
 * @param previousTicketId the incident of the same device, policy and instance that cleared within the re-fire window, to reuse; or null
 * @param grouped          raised during an alert storm of its client: it joins the client's storm incident instead of opening one
 *                         (announced with the others of the same write in {@link AlertsGrouped})
 * @param policyId         the policy's id, or null where the raiser did not say
 */
public record AlertRaised(UUID alertId, DeviceId deviceId, ClientId clientId, String hostname, String criticality, String policy, String severity,
                          String metric, String instance, double value, double threshold, UUID previousTicketId, boolean grouped, UUID policyId) {

    /** An alert of its own (not grouped into a storm). */
    public AlertRaised(UUID alertId, DeviceId deviceId, ClientId clientId, String hostname, String criticality, String policy, String severity,
                       String metric, String instance, double value, double threshold, UUID previousTicketId) {
        this(alertId, deviceId, clientId, hostname, criticality, policy, severity, metric, instance, value, threshold, previousTicketId, false, null);
    }
}
