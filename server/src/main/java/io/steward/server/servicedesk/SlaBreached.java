package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;

/** A ticket's SLA clock reached its target before the work was done; the breach stays recorded. {@code clock} names which, {@code zone} is the client's; {@code tier} is the queue the ticket was in. */
public record SlaBreached(TicketId ticketId, long number, ClientId clientId, String title, UUID assigneeId, Instant dueAt,
                         DueClock clock, java.time.ZoneId zone, int tier) {
}
