package io.steward.server.servicedesk;

import java.time.Instant;

import io.steward.server.contracts.Priority;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;

/**
 * A ticket as stored, with the names a queue shows beside it. {@code sla} is the projection of
 * the SLA clocks at the last change; whether a due instant has passed is decided when shown.
 */
public record Ticket(TicketId id, long number, ClientId clientId, String clientName, SiteId siteId, ContactId requesterId,
                     TicketType type, String title, String description, String category, Level impact, Level urgency,
                     Priority priority, String priorityReason, TicketStatus status, int tier, UserId assigneeId, String assigneeName,
                     TicketSource source, Instant openedAt, Instant firstResponseAt, Instant resolvedAt, Instant closedAt,
                     TicketSla sla, Instant updatedAt, int version) {

    public String reference() {
        return "T-" + number;
    }
}
