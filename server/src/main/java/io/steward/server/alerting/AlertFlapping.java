package io.steward.server.alerting;

import java.time.Duration;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * An alert flipped more than {@code flips} times within {@code window}: it stays open until it has been quiet for a window.
 * {@code ticketId} is its incident, or null when it has none of its own (a member of its client's alert storm).
 */
public record AlertFlapping(UUID alertId, ClientId clientId, UUID ticketId, String policy, String instance, int flips, Duration window) {
}
