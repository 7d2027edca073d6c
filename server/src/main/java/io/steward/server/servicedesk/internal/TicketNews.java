package io.steward.server.servicedesk.internal;

import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketAssigned;
import io.steward.server.servicedesk.TicketEscalated;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketRef;
import io.steward.server.servicedesk.TicketReplied;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes what happened to a ticket for other modules (the notify module tells people): read from the history
 * entries a move writes, so that every path that records a move (people, the API, monitoring, the scheduler)
 * announces it the same way and no caller can forget to.
 */
@Component
class TicketNews {
    private final ApplicationEventPublisher events;

    TicketNews(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** A ticket was written new; a change is announced when it is submitted instead. */
    void opened(Ticket t, Actor actor) {
        if (t.type() != TicketType.CHANGE) {
            events.publishEvent(new TicketOpened(ref(t, actor), t.type(), t.priority(), t.tier()));
        }
    }

    void moved(Ticket.Transition move, Actor actor) {
        Ticket t = move.after();
        for (Ticket.Entry e : move.entries()) {
            if (e.kind() == HistoryEntry.Kind.ASSIGNED) {
                events.publishEvent(new TicketAssigned(ref(t, actor), t.assigneeId(), t.tier()));
            } else if (e.kind() == HistoryEntry.Kind.ESCALATED) {
                events.publishEvent(new TicketEscalated(ref(t, actor), t.tier(), e.note()));
            } else if (e.kind() == HistoryEntry.Kind.PUBLIC_REPLY || e.kind() == HistoryEntry.Kind.INTERNAL_NOTE) {
                events.publishEvent(new TicketReplied(ref(t, actor), t.assigneeId(), e.kind() == HistoryEntry.Kind.INTERNAL_NOTE, actor.staff(), e.note()));
            }
        }
    }

    private static TicketRef ref(Ticket t, Actor actor) {
        return new TicketRef(t.id(), t.number(), t.clientId(), t.title(), actor.id(), actor.name());
    }
}
