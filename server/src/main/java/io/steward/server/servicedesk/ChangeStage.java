package io.steward.server.servicedesk;

/**
 * Where a change stands: Draft → Submitted → Approved or Rejected → Scheduled → Implemented →
 * Reviewed. The ticket's status follows the stage, so queues and reports treat changes like
 * other tickets.
 */
public enum ChangeStage {
    DRAFT(TicketStatus.NEW), SUBMITTED(TicketStatus.NEW), APPROVED(TicketStatus.ASSIGNED), REJECTED(TicketStatus.CLOSED),
    SCHEDULED(TicketStatus.IN_PROGRESS), IMPLEMENTED(TicketStatus.RESOLVED), REVIEWED(TicketStatus.CLOSED);

    private final TicketStatus status;

    ChangeStage(TicketStatus status) {
        this.status = status;
    }

    public TicketStatus ticketStatus() {
        return status;
    }
}
