package io.steward.server.servicedesk.internal;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.alerting.AlertService;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.TicketId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns alerts into incidents and back: a raised alert opens an incident in the client's tier-1
 * queue (critical: high impact and urgency; warning: medium impact, high urgency); a cleared
 * alert resolves it unless a person has already worked on it. Runs in the batch's transaction, so
 * the incident is there the moment the agent's batch is acknowledged.
 */
@Component
class AlertIncidents {
    private final TicketService tickets;
    private final AlertService alerts;

    AlertIncidents(TicketService tickets, AlertService alerts) {
        this.tickets = tickets;
        this.alerts = alerts;
    }

    @EventListener
    void raised(AlertRaised a) {
        String title = a.policy() + " on " + a.hostname() + (a.instance().isEmpty() ? "" : " (" + a.instance() + ")");
        String description = a.metric() + " is " + a.value() + " (threshold " + a.threshold() + ") on " + a.hostname() + ".";
        Ticket t = tickets.openFromAlert(a.clientId(), title, description, impact(a.severity(), a.criticality()), Level.HIGH);
        alerts.attachTicket(a.alertId(), t.id().value());
    }

    /** Critical alerts start at high impact, warnings at medium; a critical or high device raises it one step, a low one lowers it. */
    static Level impact(String severity, String criticality) {
        int rank = "CRITICAL".equals(severity) ? Level.HIGH.rank() : Level.MEDIUM.rank();
        if ("CRITICAL".equals(criticality) || "HIGH".equals(criticality)) {
            rank = Math.max(Level.HIGH.rank(), rank - 1);
        } else if ("LOW".equals(criticality)) {
            rank = Math.min(Level.LOW.rank(), rank + 1);
        }
        return Level.ofRank(rank);
    }

    @EventListener
    void cleared(AlertCleared c) {
        if (c.ticketId() == null) {
            return;
        }
        String note = "Alert cleared: " + c.metric() + (c.instance().isEmpty() ? "" : " (" + c.instance() + ")") + " is back at " + c.value() + ".";
        tickets.settleFromAlert(c.clientId(), new TicketId(c.ticketId()), note);
    }
}
