package io.steward.server.tenancy;

import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The editable fields of a contact; {@code siteId} must be a site of the same client. */
public record ContactDraft(@NotBlank @Size(max = 100) String firstName,
                           @NotBlank @Size(max = 100) String lastName,
                           @Email @Size(max = 254) String email,
                           @Size(max = 50) String phone,
                           @Size(max = 100) String jobTitle,
                           UUID siteId,
                           Boolean primary) {

    /** Whether this is the client's main contact; absent means no. */
    @Override
    public Boolean primary() {
        return primary != null && primary;
    }
}
