package io.steward.server.identity.internal;

import java.time.Instant;
import java.util.Set;

import io.steward.server.identity.UserAccount;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;

/** A user row with its secrets; never leaves the identity module. {@code timeZone} is the user's own IANA zone or null. */
public record UserRecord(UserId id, String email, String displayName, String passwordHash, Role role, Integer supportTier,
                         ClientId clientId, boolean scopeRestricted, Set<ClientId> clientScope, boolean enabled,
                         boolean mustChangePassword, String totpSecret, boolean totpEnabled, long totpLastStep,
                         int securityStamp, Instant lastLoginAt, Instant createdAt, int version, String timeZone) {

    public UserAccount toAccount() {
        return new UserAccount(id, email, displayName, role, supportTier, clientId, scopeRestricted, clientScope, enabled,
                totpEnabled, mustChangePassword, lastLoginAt, createdAt, version, timeZone);
    }

    /** The clients this user may see: a client user their own, a restricted technician their list, other staff all. */
    public TenantScope scope() {
        if (role == Role.CLIENT_USER) {
            return TenantScope.of(clientId);
        }
        if (role == Role.TECHNICIAN && scopeRestricted) {
            return TenantScope.of(clientScope);
        }
        return TenantScope.all();
    }

    public Viewer toViewer(boolean readOnly) {
        return new Viewer(id, email, displayName, role, supportTier, clientId, scope(), readOnly);
    }
}
