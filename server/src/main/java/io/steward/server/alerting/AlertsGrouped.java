package io.steward.server.alerting;

import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * Alerts of one client raised together during its alert storm (each also announced by its own {@link AlertRaised},
 * grouped): they all join the client's storm incident, with one write for all of them. Published in the raising
 * transaction after those {@link AlertRaised}; {@code alerts} is never empty and every one belongs to {@code clientId}.
 */
public record AlertsGrouped(ClientId clientId, List<AlertRaised> alerts) {
    public AlertsGrouped {
        alerts = List.copyOf(alerts);
    }
}
