package io.steward.server.audit;

import java.time.Instant;
import java.util.UUID;

/** One audit record as stored; {@code details} is the JSON text. */
public record AuditEntry(long seq, Instant occurredAt, UUID actorId, String actor, String action, String targetType,
                         String targetId, UUID clientId, String remoteAddr, String userAgent, String requestId,
                         String details, String prevHash, String hash) {
}
