package io.steward.server.servicedesk.internal;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.alerting.AlertService;
import io.steward.server.alerting.AlertsGrouped;
import io.steward.server.alerting.DiskFillPredicted;
import io.steward.server.alerting.DiskFillReverted;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns alerts into incidents and back: a raised alert opens an incident in the client's tier-1
 * queue (critical: high impact and urgency; warning: medium impact, high urgency), or, when the same
 * alert cleared within the re-fire window, reopens or updates that incident instead; a cleared alert
 * resolves it unless a person has already worked on it (then a note only). A disk predicted full
 * opens a service request, settled the same way when the trend turns. Runs in the batch's
 * transaction, so the incident is there the moment the agent's batch is acknowledged.
 */
@Component
class AlertIncidents {
    /** How long a storm incident is taken to be still open without asking; a person may resolve it meanwhile. */
    private static final long STORM_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private final TicketService tickets;
    private final AlertService alerts;
    /** Each client's open alert-storm incident and when it was last seen open; per node (after a restart a storm opens a new one). */
    private final java.util.concurrent.ConcurrentHashMap<ClientId, Storm> storms = new java.util.concurrent.ConcurrentHashMap<>();

    private record Storm(TicketId ticket, long checkedAt, int alerts) {
    }

    AlertIncidents(TicketService tickets, AlertService alerts) {
        this.tickets = tickets;
        this.alerts = alerts;
    }

    @EventListener
    void raised(AlertRaised a) {
        if (a.grouped()) {
            // Joins the storm incident with the others raised with it (AlertsGrouped).
            return;
        }
        String title = a.policy() + " on " + a.hostname() + (a.instance().isEmpty() ? "" : " (" + a.instance() + ")");
        String description = a.metric() + " is " + a.value() + " (threshold " + a.threshold() + ") on " + a.hostname() + ".";
        TicketView t = null;
        if (a.previousTicketId() != null) {
            t = tickets.refireFromAlert(a.clientId(), new TicketId(a.previousTicketId()), "Alert fired again: " + description).orElse(null);
        }
        if (t == null) {
            t = tickets.openFromAlert(a.clientId(), title, description, impact(a.severity(), a.criticality()), Level.HIGH);
        }
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
    void grouped(AlertsGrouped g) {
        TicketId storm = stormIncident(g);
        if (!storm.value().equals(g.joined())) {
            // Written without it (or with a storm incident since resolved): moved to it, and alerting told for the next ones.
            alerts.attachTicket(g.alerts().stream().map(AlertRaised::alertId).toList(), storm.value());
            alerts.stormIncident(g.clientId(), storm.value());
        }
    }

    /**
     * The client's open alert-storm incident, opened with the first grouped alerts. It is asked whether it is still open
     * (with a note of how many alerts joined since) at most every 30 seconds, not for every alert of the flood.
     */
    private TicketId stormIncident(AlertsGrouped g) {
        long now = System.nanoTime();
        int joined = g.alerts().size();
        AlertRaised a = g.alerts().getLast();
        Storm storm = storms.get(g.clientId());
        if (storm != null && now - storm.checkedAt() < STORM_CHECK_NANOS) {
            storms.put(g.clientId(), new Storm(storm.ticket(), storm.checkedAt(), storm.alerts() + joined));
            return storm.ticket();
        }
        if (storm != null && tickets.noteFromAlert(g.clientId(), storm.ticket(), storm.alerts() + joined + " more alerts joined this alert storm, the latest "
                + a.policy() + " on " + a.hostname() + ". Each is on the alert list with its device and value.")) {
            storms.put(g.clientId(), new Storm(storm.ticket(), now, 0));
            return storm.ticket();
        }
        TicketView t = tickets.openFromAlert(g.clientId(), "Alert storm: many alerts at once",
                "More alerts than the storm threshold arrived within a minute, so new alerts join this incident instead of opening one each "
                        + "(the first: " + g.alerts().getFirst().policy() + " on " + g.alerts().getFirst().hostname() + "). Every alert stays on the alert list with its device, value and "
                        + "this incident; look for a common cause (power, network, a rollout, a monitoring change).", Level.HIGH, Level.HIGH);
        storms.put(g.clientId(), new Storm(t.id(), now, 0));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Opened in this transaction: if it rolls back, the incident does not exist, and must not be joined.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        storms.computeIfPresent(g.clientId(), (client, s) -> s.ticket().equals(t.id()) ? null : s);
                    }
                }
            });
        }
        return t.id();
    }

    @EventListener
    void cleared(AlertCleared c) {
        if (c.ticketId() == null || c.grouped()) {
            // A grouped alert's incident is its client's storm: one alert clearing settles nothing there.
            return;
        }
        String note = c.reason() != null ? "Alert closed: " + c.reason()
                : "Alert cleared: " + c.metric() + (c.instance().isEmpty() ? "" : " (" + c.instance() + ")") + " is back at " + c.value() + ".";
        tickets.settleFromAlert(c.clientId(), new TicketId(c.ticketId()), note);
    }

    @EventListener
    void acknowledged(io.steward.server.alerting.AlertAcknowledged a) {
        if (a.ticketId() != null) {
            tickets.noteFromAlert(a.clientId(), new TicketId(a.ticketId()),
                    a.by() == null ? "Alert acknowledgement withdrawn." : "Alert acknowledged by " + a.by() + ".");
        }
    }

    @EventListener
    void flapping(io.steward.server.alerting.AlertFlapping f) {
        if (f.ticketId() != null) {
            tickets.noteFromAlert(f.clientId(), new TicketId(f.ticketId()), "Alert is flapping: " + f.policy()
                    + (f.instance().isEmpty() ? "" : " (" + f.instance() + ")") + " flipped more than " + f.flips() + " times within "
                    + f.window().toMinutes() + " minutes. It stays open until it has been recovered for " + f.window().toMinutes() + " minutes.");
        }
    }

    @EventListener
    void diskFilling(DiskFillPredicted p) {
        String title = "Disk " + p.instance() + " on " + p.hostname() + " predicted full by " + p.fullOn();
        String description = String.format(java.util.Locale.ROOT,
                "The file system %s on %s is %.1f %% used and grows by %.2f percentage points a day (least squares over the last 14 days' "
                        + "daily highs); at that rate it is full on %s. Free space or extend the volume before then.",
                p.instance(), p.hostname(), p.usedPct(), p.slopePerDay(), p.fullOn());
        TicketView t = tickets.openFromAlert(p.clientId(), TicketType.SERVICE_REQUEST, title, description, Level.MEDIUM, Level.MEDIUM);
        alerts.attachForecastTicket(p.deviceId(), p.instance(), t.id().value());
    }

    @EventListener
    void diskTrendTurned(DiskFillReverted r) {
        tickets.settleFromAlert(r.clientId(), new TicketId(r.ticketId()), r.note());
    }
}
