package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.steward.server.contracts.Priority;

/**
 * Filters for ticket lists; null fields do not filter.
 *
 * @param text       a search: the number, title, description, replies, requester, client and device (see the list API)
 * @param assignee   a user id; see {@code unassigned}
 * @param slaStanding BREACHED, AT_RISK, ON_TRACK, PAUSED or NONE (no clock running), as of the query; the same
 *                    classification as {@link TicketSla#standing}
 * @param breachedFrom only tickets whose SLA breached at or after this instant
 */
public record TicketFilter(String text, UUID clientId, Set<TicketStatus> statuses, Priority priority, Integer tier, UUID assignee,
                           boolean unassigned, String slaStanding, Instant openedFrom, Instant openedTo, Instant breachedFrom) {
    /** The standings a list can be filtered by. */
    public static final Set<String> STANDINGS = Set.of("BREACHED", "AT_RISK", "ON_TRACK", "PAUSED", "NONE");

    public static TicketFilter openTickets() {
        return new TicketFilter(null, null, Set.of(TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS,
                TicketStatus.WAITING_ON_CLIENT), null, null, null, false, null, null, null, null);
    }
}
