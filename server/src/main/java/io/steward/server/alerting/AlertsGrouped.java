package io.steward.server.alerting;

import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * Alerts of one client raised together during its alert storm (each also announced by its own {@link AlertRaised},
 * grouped): they all join the client's storm incident, with one write for all of them. Published in the raising
 * transaction after those {@link AlertRaised}; {@code alerts} is never empty and every one belongs to {@code clientId}.
 *
 * @param joined the incident they were written with (the storm incident last named through
 *               {@link AlertService#stormIncident}), or null: when the storm's incident is another, they must be moved to it
 */
public record AlertsGrouped(ClientId clientId, List<AlertRaised> alerts, UUID joined) {
    public AlertsGrouped {
        alerts = List.copyOf(alerts);
    }
}
