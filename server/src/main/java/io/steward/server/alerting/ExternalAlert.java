package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert another monitor sent: one occurrence, open while the source says it fires. {@code startsAt} is the source's
 * own start, {@code receivedAt} when Steward heard of it (the difference is how late Steward was told); {@code deviceId}
 * and {@code hostname} the device it matched, null when it is the client's; {@code host} the host the alert named;
 * {@code repeats} how often the source repeated it while open; {@code suppressedBy} the maintenance window it started in
 * (it opened no incident).
 */
public record ExternalAlert(UUID id, UUID sourceId, String sourceName, String sourceKind, UUID clientId, String clientName, UUID deviceId,
                            String hostname, String host, String fingerprint, String state, String title, String severity, Instant startsAt,
                            Instant receivedAt, Instant resolvedAt, UUID ticketId, int repeats, UUID suppressedBy) {
}
