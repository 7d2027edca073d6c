package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * An open alert resolved: its metric came back past its recovery threshold, or (with a
 * {@code reason}) its policy stopped applying to the device. {@code ticketId} is its incident, if any; {@code grouped} when
 * that is its client's alert-storm incident, which one alert's clearing does not settle; {@code policyId} the policy's id, or null
 * where the clearer did not say.
 */
public record AlertCleared(UUID alertId, ClientId clientId, UUID ticketId, String hostname, String policy, String metric, String instance, double value,
                           String reason, boolean grouped, UUID policyId) {

    public AlertCleared(UUID alertId, ClientId clientId, UUID ticketId, String hostname, String policy, String metric, String instance, double value,
                        String reason, boolean grouped) {
        this(alertId, clientId, ticketId, hostname, policy, metric, instance, value, reason, grouped, null);
    }

    public AlertCleared(UUID alertId, ClientId clientId, UUID ticketId, String hostname, String policy, String metric, String instance, double value,
                        String reason) {
        this(alertId, clientId, ticketId, hostname, policy, metric, instance, value, reason, false);
    }

    public AlertCleared(UUID alertId, ClientId clientId, UUID ticketId, String hostname, String policy, String metric, String instance, double value) {
        this(alertId, clientId, ticketId, hostname, policy, metric, instance, value, null, false);
    }
}
