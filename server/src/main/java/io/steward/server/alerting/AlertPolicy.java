package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;

/** A threshold on a metric; {@code clientId} null applies to every client. */
public record AlertPolicy(UUID id, ClientId clientId, String name, String metric, String comparison, double threshold, double recoveryThreshold,
                          String severity, boolean enabled) {

    public AlertCondition condition() {
        return new AlertCondition("ABOVE".equals(comparison), threshold, recoveryThreshold);
    }
}
