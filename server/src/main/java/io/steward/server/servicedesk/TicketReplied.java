package io.steward.server.servicedesk;

import io.steward.server.shared.UserId;

/**
 * Someone wrote on a ticket: a public reply ({@code byStaff} false when the client wrote it) or an internal note,
 * with its text. {@code assignee} is the ticket's assignee, if any. Published in the writing transaction.
 */
public record TicketReplied(TicketRef ticket, UserId assignee, boolean internal, boolean byStaff, String text) {
}
