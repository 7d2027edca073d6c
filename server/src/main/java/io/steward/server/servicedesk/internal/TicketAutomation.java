package io.steward.server.servicedesk.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.DueClock;
import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.ServiceDeskProperties;
import io.steward.server.servicedesk.SlaBreached;
import io.steward.server.servicedesk.SlaWarning;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketSla;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What Steward does to tickets by itself: announcing SLA warnings and breaches (and escalating on a
 * breach), closing tickets long resolved, and the incidents monitoring opens, notes, settles and
 * reopens. Steward is the actor in their history.
 */
@Component
public class TicketAutomation {
    /** The name history shows for changes Steward makes by itself. */
    public static final String SYSTEM_ACTOR = "Steward";
    private static final Actor STEWARD = new Actor(null, SYSTEM_ACTOR, true);

    private final TicketRepository tickets;
    private final PriorityMatrixRepository matrices;
    private final TicketScheduleRepository schedule;
    private final TicketJournal journal;
    private final ServiceDeskProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TicketAutomation(TicketRepository tickets, PriorityMatrixRepository matrices, TicketScheduleRepository schedule, TicketJournal journal,
                     ServiceDeskProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.tickets = tickets;
        this.matrices = matrices;
        this.schedule = schedule;
        this.journal = journal;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Announces SLA warnings and breaches whose instant has passed, once per due instant, and
     * records the breach on the ticket. Runs on the scheduler, in system scope; returns how many
     * moments it announced.
     */
    @Transactional
    public int announceSlaMoments() {
        Instant now = clock.instant();
        int announced = 0;
        for (Object[] m : schedule.slaMomentsDue(now, 500)) {
            TicketId id = new TicketId((UUID) m[0]);
            String kind = (String) m[1];
            Instant due = (Instant) m[2];
            schedule.noteSlaMoment(id, kind, due);
            TicketView t = tickets.find(TenantScope.all(), id).orElse(null);
            if (t == null || !schedule.markSlaMoment(t.ticket(), kind, due, now)) {
                continue;
            }
            announced++;
            UUID assignee = t.assigneeId() == null ? null : t.assigneeId().value();
            DueClock dueClock = t.sla().clockDueAt(due);
            java.time.ZoneId zone = tickets.clientZone(t.clientId());
            if ("BREACH".equals(kind)) {
                Ticket updated = journal.refreshSla(TenantScope.all(), t.id()).ticket();
                events.publishEvent(new SlaBreached(id, t.number(), t.clientId(), t.title(), assignee, due, dueClock, zone, t.tier()));
                if (properties.escalateOnBreach() && updated.escalatesOnBreach()) {
                    Ticket.Transition escalated = updated.escalateAfterBreach();
                    journal.record(escalated, now, STEWARD);
                    tickets.update(TenantScope.all(), escalated.after(), updated.version(), now);
                }
            } else {
                events.publishEvent(new SlaWarning(id, t.number(), t.clientId(), t.title(), assignee, due, dueClock, zone, t.tier()));
            }
        }
        return announced;
    }

    /** Closes tickets resolved longer ago than the auto-close period. Runs on the scheduler, in system scope. */
    @Transactional
    public int closeLongResolved() {
        Instant now = clock.instant();
        int closed = 0;
        for (UUID raw : schedule.resolvedBefore(now.minus(properties.autoCloseAfter()), 500)) {
            Ticket t = tickets.find(TenantScope.all(), new TicketId(raw)).orElseThrow().ticket();
            if (t.status() != TicketStatus.RESOLVED) {
                // Reopened since the list was read: it is being worked on again.
                continue;
            }
            Ticket.Transition close = t.closeAutomatically(now, "closed automatically after " + properties.autoCloseAfter().toDays() + " days resolved");
            journal.record(close, now, STEWARD);
            if (tickets.update(TenantScope.all(), close.after(), t.version(), now)) {
                closed++;
            }
        }
        return closed;
    }

    /** Opens a ticket of {@code type} (an incident, or a service request for a forecast) raised by monitoring. */
    @Transactional(propagation = Propagation.MANDATORY)
    public TicketView openFromAlert(ClientId clientId, TicketType type, String title, String description, Level impact, Level urgency) {
        Instant now = clock.instant();
        Priority priority = matrices.matrix().priorityOf(impact, urgency);
        Ticket t = new Ticket(TicketId.random(), 0, clientId, null, null, type, title.length() > 200 ? title.substring(0, 200) : title, description,
                "monitoring", impact, urgency, priority, null, TicketStatus.NEW, 1, null, TicketSource.ALERT, now, null, null, null, TicketSla.NONE,
                now, 0);
        return journal.insertNew(TenantScope.of(clientId), t, tickets.clientName(clientId), tickets.clientZone(clientId), now, STEWARD,
                "raised by an alert");
    }

    /**
     * The alert behind an incident cleared: resolve the incident with a note, unless someone already
     * worked on it; then only add the note and leave closing to a human.
     *
     * @return true if the incident was resolved
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean settleFromAlert(ClientId clientId, TicketId id, String note) {
        TenantScope scope = TenantScope.of(clientId);
        Ticket t = tickets.find(scope, id).map(TicketView::ticket).orElse(null);
        if (t == null || !t.status().open()) {
            return false;
        }
        Instant now = clock.instant();
        boolean touched = tickets.history(scope, id, true).stream()
                .anyMatch(h -> h.kind() != HistoryEntry.Kind.CREATED && !SYSTEM_ACTOR.equals(h.actor()));
        if (touched) {
            note(t, now, note + " Someone has worked on this ticket, so it is left for them to resolve.");
            return false;
        }
        Ticket.Transition resolve = t.resolveFromAlert(now);
        if (!tickets.update(scope, resolve.after(), t.version(), now)) {
            // Changed since it was read: someone is on it, so they resolve it; the note still tells them the alert cleared.
            note(t, now, note);
            return false;
        }
        note(resolve.after(), now, note);
        journal.record(resolve, now, STEWARD);
        journal.refreshSla(scope, id);
        return true;
    }

    /** Adds monitoring's internal note to a ticket that is still open; false if it is done or gone. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean noteFromAlert(ClientId clientId, TicketId id, String note) {
        Ticket t = tickets.find(TenantScope.of(clientId), id).map(TicketView::ticket).orElse(null);
        if (t == null || !t.status().open()) {
            return false;
        }
        note(t, clock.instant(), note);
        return true;
    }

    /**
     * The same alert fired again soon after it cleared: a ticket still open gets a note; a resolved
     * one is reopened (NEW when nobody was assigned, else IN_PROGRESS) with the note. A closed or
     * missing ticket cannot be reused.
     *
     * @return the reused ticket, or empty when a new one must be opened
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<TicketView> refireFromAlert(ClientId clientId, TicketId id, String note) {
        TenantScope scope = TenantScope.of(clientId);
        TicketView found = tickets.find(scope, id).orElse(null);
        if (found == null || found.status() == TicketStatus.CLOSED) {
            return Optional.empty();
        }
        Ticket t = found.ticket();
        Instant now = clock.instant();
        if (t.status().open()) {
            note(t, now, note);
            return Optional.of(found);
        }
        Ticket.Transition reopen = t.reopenFromAlert(now);
        if (!tickets.update(scope, reopen.after(), t.version(), now)) {
            // Someone changed the ticket since it was read: a new incident is safer than a reopen that did not happen.
            return Optional.empty();
        }
        note(reopen.after(), now, note);
        journal.record(reopen, now, STEWARD);
        journal.refreshSla(scope, id);
        return Optional.of(TicketView.of(reopen.after(), found.clientName(), found.assigneeName()));
    }

    private void note(Ticket t, Instant at, String note) {
        tickets.addEvent(t, at, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
    }
}
