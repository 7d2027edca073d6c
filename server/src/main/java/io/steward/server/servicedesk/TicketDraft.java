package io.steward.server.servicedesk;

import java.util.UUID;

import io.steward.server.contracts.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new ticket. Client users may leave {@code clientId} empty (it is always their own) and
 * cannot set a priority override or a type other than incident or service request.
 *
 * @param priorityOverride staff only, with {@code priorityReason}
 * @param emergency        changes only: raised as an emergency change (absent: no)
 */
public record TicketDraft(UUID clientId,
                          UUID siteId,
                          UUID requesterId,
                          @NotNull TicketType type,
                          @NotBlank @Size(max = 200) String title,
                          @Size(max = 100_000) String description,
                          @Size(max = 100) String category,
                          @NotNull Level impact,
                          @NotNull Level urgency,
                          Priority priorityOverride,
                          @Size(max = 500) String priorityReason,
                          TicketSource source,
                          Boolean emergency) {
}
