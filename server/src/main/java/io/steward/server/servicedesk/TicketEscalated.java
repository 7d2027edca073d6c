package io.steward.server.servicedesk;

/** A ticket was raised, unassigned, to the queue of {@code tier} (by a person or after an SLA breach), for {@code reason}. Published in the escalating transaction. */
public record TicketEscalated(TicketRef ticket, int tier, String reason) {
}
