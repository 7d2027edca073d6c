package io.steward.server.servicedesk;

import java.time.Instant;

/**
 * The stored SLA projection of a ticket.
 *
 * @param state NONE (no contract), RUNNING, PAUSED, MET or BREACHED, as of the last change
 */
public record TicketSla(Instant responseDue, Instant resolutionDue, Instant warnAt, String state, Instant breachedAt) {
    public static final TicketSla NONE = new TicketSla(null, null, null, "NONE", null);

    /** What a person should see now: breached, at risk (past 75 %), paused, met, on track or none. */
    public String standing(Instant now) {
        if (breachedAt != null || "BREACHED".equals(state)) {
            return "BREACHED";
        }
        if ("NONE".equals(state) || "MET".equals(state) || "PAUSED".equals(state)) {
            return state;
        }
        if (resolutionDue != null && !now.isBefore(resolutionDue) || responseDue != null && !now.isBefore(responseDue)) {
            return "BREACHED";
        }
        if (warnAt != null && !now.isBefore(warnAt)) {
            return "AT_RISK";
        }
        return "ON_TRACK";
    }

    /**
     * The running clock that breaches first, or null when none runs. A ticket waits on its first
     * response long before its resolution, so showing only the resolution hides the urgent deadline.
     */
    public DueClock nearestClock() {
        if (responseDue != null && (resolutionDue == null || !resolutionDue.isBefore(responseDue))) {
            return DueClock.RESPONSE;
        }
        return resolutionDue != null ? DueClock.RESOLUTION : null;
    }

    /** The due instant of {@link #nearestClock()}, or null when no clock runs. */
    public Instant nearestDue() {
        DueClock c = nearestClock();
        return c == null ? null : c == DueClock.RESPONSE ? responseDue : resolutionDue;
    }

    /** The clock a due instant of this projection belongs to (the response's when both are due then). */
    public DueClock clockDueAt(Instant due) {
        return due != null && due.equals(responseDue) ? DueClock.RESPONSE : DueClock.RESOLUTION;
    }
}
