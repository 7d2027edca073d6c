package io.steward.server.identity;

import java.time.Instant;
import java.util.UUID;

/** An API token as its owner sees it after creation: never the secret, only its first characters. */
public record ApiTokenInfo(UUID id, String name, String prefix, Access access, Instant createdAt, Instant expiresAt,
                           Instant lastUsedAt, Instant revokedAt) {

    public enum Access { READ_ONLY, READ_WRITE }

    public boolean active(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
