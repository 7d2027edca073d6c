package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/** The source said an open external alert resolved (at {@code resolvedAt}, its time): its incident settles as for Steward's own alerts. */
public record ExternalAlertResolved(UUID alertId, ClientId clientId, UUID ticketId, String sourceName, String title, Instant resolvedAt) {
}
