package io.steward.server.servicedesk;

import java.util.UUID;

import io.steward.server.contracts.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Staff changes to a ticket's fields; every change is recorded in its history. */
public record TicketUpdate(@NotBlank @Size(max = 200) String title,
                           @Size(max = 100_000) String description,
                           @Size(max = 100) String category,
                           UUID siteId,
                           UUID requesterId,
                           @NotNull Level impact,
                           @NotNull Level urgency,
                           Priority priorityOverride,
                           @Size(max = 500) String priorityReason) {
}
