package io.steward.server.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * An in-app notification for one user: its kind as a code and in words, optionally the ticket it is about, and
 * {@code link}, the page of what it is about (a ticket, a change, a device), or null.
 */
public record Notification(UUID id, String kind, String kindLabel, String message, UUID ticketId, String link, Instant createdAt, Instant readAt) {
}
