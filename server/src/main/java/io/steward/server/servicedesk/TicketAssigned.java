package io.steward.server.servicedesk;

import io.steward.server.shared.UserId;

/** A ticket was given to {@code assignee}, or, when that is null, put back unassigned into the queue of {@code tier}. Published in the assigning transaction. */
public record TicketAssigned(TicketRef ticket, UserId assignee, int tier) {
}
