package io.steward.server.servicedesk.internal;

import io.steward.server.alerting.AlertSourceService;
import io.steward.server.alerting.ExternalAlertFired;
import io.steward.server.alerting.ExternalAlertRepeated;
import io.steward.server.alerting.ExternalAlertResolved;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.TicketId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns other monitors' alerts into incidents as {@link AlertIncidents} does Steward's own: a new alert opens an incident
 * (or reopens the one of the same alert that resolved within the re-fire window), a repeat notes it, a resolve settles
 * it unless a person has worked on it. Synchronous, in the hook's transaction, so the incident commits with the alert.
 */
@Component
class ExternalAlertIncidents {
    /** Stored text is read in every zone, so it names its own: UTC, to the second. */
    private static final java.time.format.DateTimeFormatter STARTED = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private final TicketService tickets;
    private final AlertSourceService sources;

    ExternalAlertIncidents(TicketService tickets, AlertSourceService sources) {
        this.tickets = tickets;
        this.sources = sources;
    }

    @EventListener
    void fired(ExternalAlertFired a) {
        String where = a.hostname() != null ? " on " + a.hostname() : "";
        String title = a.title() + where + " [" + a.sourceName() + "]";
        String description = a.description() + "\n\nReported by " + a.sourceName() + where + "; started at " + STARTED.format(a.startsAt()) + ".";
        TicketView t = null;
        if (a.previousTicketId() != null) {
            t = tickets.refireFromAlert(a.clientId(), new TicketId(a.previousTicketId()), "Alert fired again (" + a.sourceName() + "): " + a.title())
                    .orElse(null);
        }
        if (t == null) {
            t = tickets.openFromAlert(a.clientId(), title, description, Level.valueOf(a.impact()), Level.valueOf(a.urgency()));
        }
        sources.attachTicket(a.alertId(), t.id().value());
    }

    @EventListener
    void repeated(ExternalAlertRepeated r) {
        if (r.ticketId() != null) {
            tickets.noteFromAlert(r.clientId(), new TicketId(r.ticketId()),
                    r.sourceName() + " reports it still firing (" + r.repeats() + (r.repeats() == 1 ? " repeat" : " repeats") + "): " + r.title());
        }
    }

    @EventListener
    void resolved(ExternalAlertResolved r) {
        if (r.ticketId() != null) {
            tickets.settleFromAlert(r.clientId(), new TicketId(r.ticketId()), "Alert resolved at " + r.resolvedAt() + " (" + r.sourceName() + "): "
                    + r.title() + ".");
        }
    }
}
