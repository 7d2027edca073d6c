package io.steward.server.notify;

import java.time.Instant;
import java.util.UUID;

/** An in-app notification for one user, optionally about a ticket. */
public record Notification(UUID id, String kind, String message, UUID ticketId, Instant createdAt, Instant readAt) {
}
