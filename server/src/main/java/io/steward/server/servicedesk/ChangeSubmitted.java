package io.steward.server.servicedesk;

import java.util.UUID;

/**
 * A change was submitted and now awaits {@code approvalsRequired} approvals from staff approvers (service managers,
 * MSP admins) or the client's users, none of them {@code requestedBy}. Published in the submitting transaction.
 */
public record ChangeSubmitted(TicketRef ticket, UUID requestedBy, int approvalsRequired) {
}
