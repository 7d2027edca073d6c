package io.steward.server.tenancy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The editable fields of a client. {@code timeZone} is an IANA zone such as Europe/Berlin. {@code portalShowsAlertTickets}
 * left out (null) keeps what the client has (false for a new client), so older API callers do not switch it off.
 */
public record ClientDraft(@NotBlank @Size(max = 200) String name,
                          @NotBlank @Size(max = 64) String timeZone,
                          @NotNull ClientStatus status,
                          @Size(max = 4000) String notes,
                          Boolean portalShowsAlertTickets) {
}
