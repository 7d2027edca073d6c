package io.steward.server.servicedesk;

import java.util.UUID;

import io.steward.server.contracts.Priority;

/**
 * A ticket template for a frequent request ("New starter account", "Password reset"): what the staff new-ticket form
 * is prefilled with. MSP-wide when {@code clientId} is null, else offered for that client only.
 *
 * @param clientName       the client's name, null for an MSP-wide template
 * @param priorityOverride null: the priority follows from impact and urgency when the ticket is raised
 */
public record TicketTemplate(UUID id, UUID clientId, String clientName, String name, TicketType type, String title, String description,
                             String category, Level impact, Level urgency, Priority priorityOverride, String priorityReason, int version) {
}
