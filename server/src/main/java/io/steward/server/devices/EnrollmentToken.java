package io.steward.server.devices;

import java.time.Instant;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.SiteId;

/** An enrollment token as staff see it after creation: never the secret, only its first characters. */
public record EnrollmentToken(EnrollmentTokenId id, ClientId clientId, SiteId siteId, String name, String prefix, Instant expiresAt,
                              int maxUses, int uses, boolean autoApprove, Instant revokedAt, String createdBy, Instant createdAt) {

    public boolean usable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt) && uses < maxUses;
    }
}
