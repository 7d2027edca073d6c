package io.steward.server.servicedesk;

/**
 * Where a change stands, one lifecycle: Draft → Awaiting approval (SUBMITTED) → Approved → Scheduled → Implementing →
 * Implemented (with its outcome: successful, failed or backed out) → Closed after review (REVIEWED); or Rejected.
 * {@link ChangeLifecycle} decides which moves are allowed.
 *
 * <p>The ticket's status follows the stage (see {@link #ticketStatus(boolean)}) so that queues and filters treat a change
 * like other tickets, but pages show the stage: a change waiting for its window is "scheduled", never "in progress",
 * and it is "assigned" only when somebody is assigned to it. Changes carry no response/resolution SLA: they are governed
 * by approval and their scheduled window.
 */
public enum ChangeStage {
    DRAFT("draft"), SUBMITTED("awaiting approval"), APPROVED("approved"), SCHEDULED("scheduled"), IMPLEMENTING("implementing"),
    IMPLEMENTED("implemented"), REVIEWED("closed"), REJECTED("rejected");

    private final String label;

    ChangeStage(String label) {
        this.label = label;
    }

    /** The stage in words, as pages show it. */
    public String label() {
        return label;
    }

    /**
     * The ticket status this stage implies: not started (draft to scheduled) is "new", or "assigned" when somebody is
     * assigned; implementing is "in progress"; implemented is "resolved"; reviewed or rejected is "closed".
     */
    public TicketStatus ticketStatus(boolean assigned) {
        return switch (this) {
            case DRAFT, SUBMITTED, APPROVED, SCHEDULED -> assigned ? TicketStatus.ASSIGNED : TicketStatus.NEW;
            case IMPLEMENTING -> TicketStatus.IN_PROGRESS;
            case IMPLEMENTED -> TicketStatus.RESOLVED;
            case REVIEWED, REJECTED -> TicketStatus.CLOSED;
        };
    }

    /** Whether the change has reached its end (closed after review, or rejected). */
    public boolean finished() {
        return this == REVIEWED || this == REJECTED;
    }
}
