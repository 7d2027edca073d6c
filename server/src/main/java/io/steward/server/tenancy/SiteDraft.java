package io.steward.server.tenancy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The editable fields of a site. */
public record SiteDraft(@NotBlank @Size(max = 200) String name,
                        @Size(max = 500) String address,
                        @Size(max = 100) String city,
                        @Size(max = 20) String postalCode,
                        @Size(max = 100) String country,
                        @Size(max = 64) String timeZone,
                        @Size(max = 4000) String notes) {
}
