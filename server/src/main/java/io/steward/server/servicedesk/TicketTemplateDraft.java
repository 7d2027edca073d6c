package io.steward.server.servicedesk;

import java.util.UUID;

import io.steward.server.contracts.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A ticket template as written by an MSP admin or service manager.
 *
 * @param clientId         null: offered for every client
 * @param priorityOverride with {@code priorityReason}; null lets impact and urgency decide
 */
public record TicketTemplateDraft(@NotBlank @Size(max = 100) String name,
                                  UUID clientId,
                                  @NotNull TicketType type,
                                  @NotBlank @Size(max = 200) String title,
                                  @Size(max = 20_000) String description,
                                  @Size(max = 100) String category,
                                  @NotNull Level impact,
                                  @NotNull Level urgency,
                                  Priority priorityOverride,
                                  @Size(max = 500) String priorityReason) {
}
