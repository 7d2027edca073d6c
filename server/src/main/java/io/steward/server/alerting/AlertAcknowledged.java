package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/** A staff member took an alert on ({@code by} null: the acknowledgement was withdrawn); its incident, if any, records it. */
public record AlertAcknowledged(UUID alertId, ClientId clientId, UUID ticketId, String by, Instant at) {
}
