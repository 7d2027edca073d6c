package io.steward.server.identity;

import java.time.Instant;
import java.util.Set;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;
import io.steward.server.shared.UserId;

/**
 * A user as administrators see it (never the password hash or MFA secret).
 *
 * @param clientScope for a restricted technician, the clients they may see; empty otherwise
 * @param timeZone    the user's own IANA time zone for pages, or null for the default (see {@link ViewerTimeZones})
 */
public record UserAccount(UserId id, String email, String displayName, Role role, Integer supportTier, ClientId clientId,
                          boolean scopeRestricted, Set<ClientId> clientScope, boolean enabled, boolean mfaEnabled,
                          boolean mustChangePassword, Instant lastLoginAt, Instant createdAt, int version,
                          String timeZone) {
}
