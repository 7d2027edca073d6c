package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The person (or token) acting in a request: who they are, what role, which clients they may see.
 * Invariant: a client user's scope is exactly their own client.
 */
public record Viewer(UserId userId, String email, String displayName, Role role, Integer supportTier,
                     ClientId clientId, TenantScope scope, boolean readOnly) implements Serializable {

    public Viewer {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(scope, "scope");
        if (role == Role.CLIENT_USER && (clientId == null || !scope.equals(TenantScope.of(clientId)))) {
            throw new IllegalArgumentException("a client user sees exactly their own client");
        }
    }

    /**
     * Steward itself reading one client's data (read-only, no person behind it), for work nobody started by hand:
     * remediation, patch cycles, install results.
     */
    public static Viewer steward(ClientId client, String displayName) {
        return new Viewer(new UserId(new java.util.UUID(0, 0)), "steward", displayName, Role.MSP_ADMIN, null, null, TenantScope.of(client), true);
    }

    /**
     * Steward acting for one client in the name of {@code person}, the requester of the standard change it runs a
     * script under (the signer checks that change, not this viewer).
     */
    public static Viewer stewardFor(ClientId client, UserId person, String displayName) {
        return new Viewer(person, "steward", displayName, Role.MSP_ADMIN, null, null, TenantScope.of(client), false);
    }

    public boolean isStaff() {
        return role.isStaff();
    }

    public boolean hasRole(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }

    /** Refuses the action unless the viewer holds one of the roles and may write. */
    public void requireWriter(Role... roles) {
        if (!hasRole(roles)) {
            throw new ForbiddenException("Your role may not do this.");
        }
        if (readOnly) {
            throw new ForbiddenException("This API token is read-only.");
        }
    }

    /** The viewer of the current request, if one is authenticated all the way. */
    public static Optional<Viewer> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof Viewer v) {
            return Optional.of(v);
        }
        return Optional.empty();
    }
}
