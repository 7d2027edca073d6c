package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.UUID;

/** A file attached to a ticket; {@code fileName} is the uploader's name, shown but never used to store. */
public record Attachment(UUID id, UUID ticketId, String fileName, long sizeBytes, String sha256, String uploadedBy, Instant createdAt) {
}
