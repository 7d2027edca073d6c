package io.steward.server.servicedesk.internal;

import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketAssigned;
import io.steward.server.servicedesk.TicketEscalated;
import io.steward.server.servicedesk.TicketEdited;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketRef;
import io.steward.server.servicedesk.TicketReplied;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketStatusChanged;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes what happened to a ticket for other modules (the notify module tells people): read from the history
 * entries a move writes, so that every path that records a move (people, the API, monitoring, the scheduler)
 * announces it the same way and no caller can forget to.
 */
@Component
class TicketNews {
    private static final Logger log = LoggerFactory.getLogger(TicketNews.class);

    private final ApplicationEventPublisher events;

    TicketNews(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * A ticket was written new; a change is announced when it is submitted instead. Outside a transaction the ticket
     * was group-committed already: a failed announcement is logged, not thrown, since an error answer to a create
     * that did happen invites a retry, and so a duplicate ticket.
     */
    void opened(Ticket t, Actor actor) {
        if (t.type() == TicketType.CHANGE) {
            return;
        }
        TicketOpened opened = new TicketOpened(ref(t, actor), t.type(), t.priority(), t.tier());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            events.publishEvent(opened);
            return;
        }
        try {
            events.publishEvent(opened);
        } catch (RuntimeException e) {
            log.warn("{} was written but could not be announced", t.reference(), e);
        }
    }

    void moved(Ticket.Transition move, Actor actor) {
        Ticket t = move.after();
        for (Ticket.Entry e : move.entries()) {
            if (e.kind() == HistoryEntry.Kind.ASSIGNED) {
                events.publishEvent(new TicketAssigned(ref(t, actor), t.assigneeId(), t.tier()));
            } else if (e.kind() == HistoryEntry.Kind.ESCALATED) {
                events.publishEvent(new TicketEscalated(ref(t, actor), t.tier(), e.note()));
            } else if (e.kind() == HistoryEntry.Kind.STATUS_CHANGED && "status".equals(e.field())) {
                events.publishEvent(new TicketStatusChanged(ref(t, actor), t.type(), TicketStatus.valueOf(e.oldValue()), TicketStatus.valueOf(e.newValue()),
                        e.note() == null ? "" : e.note()));
            } else if (e.kind() == HistoryEntry.Kind.PUBLIC_REPLY || e.kind() == HistoryEntry.Kind.INTERNAL_NOTE) {
                events.publishEvent(new TicketReplied(ref(t, actor), t.assigneeId(), e.kind() == HistoryEntry.Kind.INTERNAL_NOTE, actor.staff(), e.note()));
            }
        }
    }

    void edited(Ticket t, Actor actor, java.util.List<String> fields) {
        if (!fields.isEmpty()) {
            events.publishEvent(new TicketEdited(ref(t, actor), fields));
        }
    }

    private static TicketRef ref(Ticket t, Actor actor) {
        return new TicketRef(t.id(), t.number(), t.clientId(), t.title(), actor.id(), actor.name());
    }
}
