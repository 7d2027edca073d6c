package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;

/** An open alert's metric came back past its recovery threshold; {@code ticketId} is its incident, if any. */
public record AlertCleared(UUID alertId, ClientId clientId, UUID ticketId, String hostname, String policy, String metric, String instance, double value) {
}
