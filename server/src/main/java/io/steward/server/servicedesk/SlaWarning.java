package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;

/** A ticket's SLA clock passed 75 % of its target; {@code dueAt} is when that clock ({@code clock}) will breach, shown in {@code zone}; {@code tier} is the queue the ticket is in. */
public record SlaWarning(TicketId ticketId, long number, ClientId clientId, String title, UUID assigneeId, Instant dueAt,
                         DueClock clock, java.time.ZoneId zone, int tier) {
}
