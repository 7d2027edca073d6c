package io.steward.server.notify.internal.mailin;

import java.time.Instant;
import java.util.UUID;

/**
 * One mail as the triage list and the API show it (the raw bytes are fetched on their own).
 *
 * @param clientId the client it is for when known, or null
 * @param ticketId the ticket it opened or was added to, or null
 * @param handledBy who acted on it from the list, or null
 */
public record InboundMail(UUID id, UUID mailboxId, String messageId, String fromAddress, String fromName, String subject, Instant receivedAt,
                          long sizeBytes, InboundOutcome outcome, String reason, UUID ticketId, UUID clientId, String handledBy,
                          Instant handledAt) {
}
