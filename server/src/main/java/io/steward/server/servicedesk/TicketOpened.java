package io.steward.server.servicedesk;

import io.steward.server.contracts.Priority;

/**
 * A ticket (not a change) was opened and waits, unassigned, in the queue of {@code tier}. Published in the
 * transaction that wrote it, or just after the group commit that did (see {@code internal.CreatedTicketWriter}).
 */
public record TicketOpened(TicketRef ticket, TicketType type, Priority priority, int tier) {
}
