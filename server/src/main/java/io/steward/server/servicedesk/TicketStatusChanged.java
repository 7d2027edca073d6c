package io.steward.server.servicedesk;

/**
 * A ticket's status moved ({@code from} → {@code to}), with the note that went with it (for a resolution, the resolution
 * note; else possibly empty). Published in the writing transaction, once per move, whoever made it.
 */
public record TicketStatusChanged(TicketRef ticket, TicketType type, TicketStatus from, TicketStatus to, String note) {
}
