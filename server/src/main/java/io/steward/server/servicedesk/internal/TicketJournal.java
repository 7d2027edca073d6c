package io.steward.server.servicedesk.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * Writes what happens to tickets: a new ticket with its creation entry, the history entries of a
 * move, and the SLA projection recomputed from the history, which is where every change path ends.
 */
@Component
public class TicketJournal {
    private final TicketRepository tickets;
    private final SlaProjection sla;
    private final CreatedTicketWriter writer;
    private final Clock clock;
    private final TicketNews news;

    TicketJournal(TicketRepository tickets, SlaProjection sla, CreatedTicketWriter writer, Clock clock, TicketNews news) {
        this.news = news;
        this.tickets = tickets;
        this.sla = sla;
        this.writer = writer;
        this.clock = clock;
    }

    /** Who made a change, as history shows it; {@code id} is null for Steward itself. */
    public record Actor(UserId id, String name, boolean staff) {
    }

    /**
     * Writes one history entry per field that an edit changed (the priority with {@code priorityReason}) and announces
     * the edit ({@link TicketNews}).
     */
    public void recordEdit(Ticket before, Ticket after, String priorityReason, Instant at, Actor actor) {
        List<String> changed = new java.util.ArrayList<>();
        String[][] fields = {
                {"title", before.title(), after.title()}, {"description", before.description(), after.description()},
                {"category", before.category(), after.category()}, {"impact", before.impact().name(), after.impact().name()},
                {"urgency", before.urgency().name(), after.urgency().name()},
                {"site", java.util.Objects.toString(before.siteId(), null), java.util.Objects.toString(after.siteId(), null)},
                {"requester", java.util.Objects.toString(before.requesterId(), null), java.util.Objects.toString(after.requesterId(), null)}};
        for (String[] f : fields) {
            if (!java.util.Objects.equals(f[1], f[2])) {
                tickets.addEvent(after, at, actor.id(), actor.name(), true, HistoryEntry.Kind.FIELD_CHANGED, f[0], TicketInput.abbreviate(f[1]),
                        TicketInput.abbreviate(f[2]), null);
                changed.add(f[0]);
            }
        }
        if (before.priority() != after.priority()) {
            tickets.addEvent(after, at, actor.id(), actor.name(), true, HistoryEntry.Kind.FIELD_CHANGED, "priority", before.priority().name(),
                    after.priority().name(), priorityReason);
            changed.add("priority");
        }
        news.edited(after, actor, changed);
    }

    /** Writes a move's history entries, in order, stamped {@code at}, and announces them ({@link TicketNews}). */
    public void record(Ticket.Transition move, Instant at, Actor actor) {
        for (Ticket.Entry e : move.entries()) {
            tickets.addEvent(move.after(), at, actor.id(), actor.name(), actor.staff(), e.kind(), e.field(), e.oldValue(), e.newValue(), e.note());
        }
        news.moved(move, actor);
    }

    /**
     * Inserts a new ticket with its creation event and its SLA projection in one row write: a new
     * ticket's history is its creation alone, so the projection needs no read-back.
     */
    public TicketView insertNew(TenantScope scope, Ticket t, String clientName, ZoneId zone, Instant now, Actor actor, String reason) {
        List<HistoryEntry> history = List.of(new HistoryEntry(0, now, actor.name(), actor.staff(), HistoryEntry.Kind.CREATED, "priority", null,
                t.priority().name(), reason));
        Ticket projected = t.numbered(0, sla.project(scope, t, zone, history, now));
        long number = writer.write(scope, new NewTicket(projected, now, actor.id(), actor.name(), actor.staff(), reason));
        Ticket written = projected.numbered(number, projected.sla());
        news.opened(written, actor);
        return TicketView.of(written, clientName, null);
    }

    /** Recomputes and stores a ticket's SLA projection from its history: the one place every change path ends in. */
    public TicketView refreshSla(TenantScope scope, TicketId id) {
        TicketView t = tickets.find(scope, id).orElseThrow(() -> new NotFoundException("No such ticket."));
        if (t.type() == TicketType.CHANGE) {
            // A change is measured against its approved window, not against incident response targets.
            return t;
        }
        tickets.saveSla(id, sla.project(scope, t.ticket(), tickets.clientZone(t.clientId()), tickets.history(scope, id, true), clock.instant()));
        return tickets.find(scope, id).orElseThrow();
    }
}
