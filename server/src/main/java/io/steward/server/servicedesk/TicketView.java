package io.steward.server.servicedesk;

import java.time.Instant;

import io.steward.server.contracts.Priority;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;

/**
 * A ticket as pages and the API show it: the stored {@link Ticket} with the names shown beside it.
 * Documented as {@code Ticket} in the API, whose shape it keeps. {@code resolutionNote} is what the person who last
 * resolved it said about how (null until then).
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Ticket")
public record TicketView(TicketId id, long number, ClientId clientId, String clientName, SiteId siteId, ContactId requesterId,
                         TicketType type, String title, String description, String category, Level impact, Level urgency,
                         Priority priority, String priorityReason, TicketStatus status, int tier, UserId assigneeId, String assigneeName,
                         TicketSource source, Instant openedAt, Instant firstResponseAt, Instant resolvedAt, Instant closedAt,
                         TicketSla sla, Instant updatedAt, int version, String resolutionNote) {

    public static TicketView of(Ticket t, String clientName, String assigneeName) {
        return new TicketView(t.id(), t.number(), t.clientId(), clientName, t.siteId(), t.requesterId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priority(), t.priorityReason(), t.status(), t.tier(), t.assigneeId(), assigneeName,
                t.source(), t.openedAt(), t.firstResponseAt(), t.resolvedAt(), t.closedAt(), t.sla(), t.updatedAt(), t.version(), null);
    }

    /** The ticket itself, without the names. */
    public Ticket ticket() {
        return new Ticket(id, number, clientId, siteId, requesterId, type, title, description, category, impact, urgency, priority, priorityReason,
                status, tier, assigneeId, source, openedAt, firstResponseAt, resolvedAt, closedAt, sla, updatedAt, version);
    }

    /** The running SLA clock that is due first (RESPONSE or RESOLUTION), or null when none runs. */
    @com.fasterxml.jackson.annotation.JsonProperty("dueClock")
    public DueClock dueClock() {
        return sla == null ? null : sla.nearestClock();
    }

    /** When {@link #dueClock()} breaches; null when no clock runs. */
    @com.fasterxml.jackson.annotation.JsonProperty("dueAt")
    public Instant dueAt() {
        return sla == null ? null : sla.nearestDue();
    }

    /** "response in 4 m", for pages; empty when no clock runs. */
    public String dueInWords(Instant now) {
        Instant due = dueAt();
        return due == null ? "" : dueClock().word() + " " + io.steward.server.shared.DurationWords.until(due, now);
    }

    public String reference() {
        return "T-" + number;
    }
}
