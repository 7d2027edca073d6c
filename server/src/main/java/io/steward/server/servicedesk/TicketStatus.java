package io.steward.server.servicedesk;

/** Where a ticket stands. RESOLVED and CLOSED are done; only RESOLVED can be reopened. */
public enum TicketStatus {
    NEW, ASSIGNED, IN_PROGRESS, WAITING_ON_CLIENT, RESOLVED, CLOSED;

    /**
     * The move a status control offers first: the nearest step forward among {@code next}, so that an
     * assigned ticket suggests "in progress" and never a step back to "new"; null when nothing is allowed.
     */
    public TicketStatus suggestedNext(java.util.Collection<TicketStatus> next) {
        return next.stream().filter(s -> s.ordinal() > ordinal()).min(java.util.Comparator.naturalOrder())
                .orElse(next.stream().min(java.util.Comparator.naturalOrder()).orElse(null));
    }

    public boolean open() {
        return this != RESOLVED && this != CLOSED;
    }
}
