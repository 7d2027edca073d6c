package io.steward.server.identity.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.identity.UserDraft;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A user as submitted by the admin form or the API.
 *
 * @param supportTier 1-3, technicians only
 * @param clientId    the client of a CLIENT_USER
 * @param clientScope for a technician, the only clients they may see; empty for all
 * @param timeZone    the user's own IANA time zone for pages, such as America/New_York; null or empty for the default
 */
record UserInput(@NotBlank @Email @Size(max = 254) String email,
                 @NotBlank @Size(max = 200) String displayName,
                 @NotNull Role role,
                 @Min(1) @Max(3) Integer supportTier,
                 UUID clientId,
                 @Size(max = 1000) List<UUID> clientScope,
                 @Size(max = 64) String timeZone) {

    UserDraft toDraft() {
        Set<ClientId> scope = new HashSet<>();
        if (clientScope != null) {
            clientScope.stream().filter(java.util.Objects::nonNull).forEach(c -> scope.add(new ClientId(c)));
        }
        return new UserDraft(email, displayName, role, supportTier, clientId == null ? null : new ClientId(clientId), scope);
    }
}
