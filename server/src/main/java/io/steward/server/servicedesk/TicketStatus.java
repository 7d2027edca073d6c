package io.steward.server.servicedesk;

/** Where a ticket stands. RESOLVED and CLOSED are done; only RESOLVED can be reopened. */
public enum TicketStatus {
    NEW, ASSIGNED, IN_PROGRESS, WAITING_ON_CLIENT, RESOLVED, CLOSED;

    public boolean open() {
        return this != RESOLVED && this != CLOSED;
    }
}
