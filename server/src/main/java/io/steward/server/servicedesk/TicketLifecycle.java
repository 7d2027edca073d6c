package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.steward.server.servicedesk.TicketStatus.ASSIGNED;
import static io.steward.server.servicedesk.TicketStatus.CLOSED;
import static io.steward.server.servicedesk.TicketStatus.IN_PROGRESS;
import static io.steward.server.servicedesk.TicketStatus.NEW;
import static io.steward.server.servicedesk.TicketStatus.RESOLVED;
import static io.steward.server.servicedesk.TicketStatus.WAITING_ON_CLIENT;

/**
 * Decides which status changes are allowed: New → Assigned → In progress → Waiting on client →
 * Resolved → Closed, with the obvious shortcuts, and a reopen from Resolved to In progress only
 * within the reopen window. Closed is final.
 */
public final class TicketLifecycle {
    private static final Map<TicketStatus, Set<TicketStatus>> NEXT = Map.of(
            NEW, EnumSet.of(ASSIGNED, IN_PROGRESS, WAITING_ON_CLIENT, RESOLVED),
            ASSIGNED, EnumSet.of(NEW, IN_PROGRESS, WAITING_ON_CLIENT, RESOLVED),
            IN_PROGRESS, EnumSet.of(ASSIGNED, WAITING_ON_CLIENT, RESOLVED),
            WAITING_ON_CLIENT, EnumSet.of(IN_PROGRESS, RESOLVED),
            RESOLVED, EnumSet.of(CLOSED, IN_PROGRESS),
            CLOSED, EnumSet.noneOf(TicketStatus.class));

    private final Duration reopenWindow;

    public TicketLifecycle(Duration reopenWindow) {
        this.reopenWindow = reopenWindow;
    }

    /**
     * Why the change is refused, or null if it is allowed.
     *
     * @param resolvedAt when the ticket was resolved (for reopening), may be null
     */
    public String refusal(TicketStatus from, TicketStatus to, Instant resolvedAt, Instant now) {
        if (from == to) {
            return "The ticket is already " + label(to) + ".";
        }
        if (!NEXT.get(from).contains(to)) {
            return from == CLOSED ? "A closed ticket cannot change; raise a new one."
                    : "A ticket cannot go from " + label(from) + " to " + label(to) + ".";
        }
        if (from == RESOLVED && to == IN_PROGRESS && resolvedAt != null && now.isAfter(resolvedAt.plus(reopenWindow))) {
            return "The ticket was resolved more than " + reopenWindow.toDays() + " days ago and can no longer be reopened; raise a new one.";
        }
        return null;
    }

    public Set<TicketStatus> next(TicketStatus from) {
        return NEXT.get(from);
    }

    static String label(TicketStatus s) {
        return s.name().toLowerCase().replace('_', ' ');
    }
}
