package io.steward.server.identity;

import java.util.Set;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;

/**
 * What an administrator fills in to create or change a user.
 *
 * @param supportTier 1-3 for technicians, null for everyone else
 * @param clientId    the client of a client user, null for staff
 * @param clientScope for a technician, the only clients they may see; empty means all
 */
public record UserDraft(String email, String displayName, Role role, Integer supportTier, ClientId clientId,
                        Set<ClientId> clientScope) {
}
