package io.steward.server.notify.internal.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.servicedesk.SlaBreached;
import io.steward.server.servicedesk.SlaWarning;
import io.steward.server.servicedesk.TicketAssigned;
import io.steward.server.servicedesk.TicketEdited;
import io.steward.server.servicedesk.TicketEscalated;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketRef;
import io.steward.server.servicedesk.TicketReplied;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketStatusChanged;
import io.steward.server.shared.ClientId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into webhook deliveries. Synchronous listeners on purpose: the deliveries are written in
 * the transaction that made the change (an outbox), so they commit with it or not at all; the sending happens later.
 * Replies go out only when public, and never with their text; escalation reasons stay inside too.
 */
@Component
class WebhookEvents {
    private final WebhookOutbox outbox;

    WebhookEvents(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(TicketOpened e) {
        Map<String, Object> data = ticket(e.ticket(), "NEW", e.ticket().reference() + " " + e.ticket().title() + ": opened");
        ticketOf(data).put("type", e.type().name());
        ticketOf(data).put("priority", e.priority().name());
        ticketOf(data).put("tier", e.tier());
        outbox.enqueue(WebhookEventType.TICKET_CREATED, e.ticket().clientId(), data);
    }

    @EventListener
    void on(TicketEdited e) {
        updated(e.ticket(), "edited", Map.of("fields", e.fields()), "edited (" + String.join(", ", e.fields()) + ")");
    }

    @EventListener
    void on(TicketAssigned e) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("assigneeId", e.assignee() == null ? null : e.assignee().value().toString());
        change.put("tier", e.tier());
        updated(e.ticket(), "assigned", change, e.assignee() == null ? "back in the tier " + e.tier() + " queue" : "assigned");
    }

    @EventListener
    void on(TicketEscalated e) {
        updated(e.ticket(), "escalated", Map.of("tier", e.tier()), "escalated to tier " + e.tier());
    }

    @EventListener
    void on(TicketReplied e) {
        if (!e.internal()) {
            updated(e.ticket(), "replied", Map.of("byStaff", e.byStaff()), e.byStaff() ? "answered" : "the client replied");
        }
    }

    @EventListener
    void on(TicketStatusChanged e) {
        TicketRef t = e.ticket();
        if (e.to() == TicketStatus.RESOLVED) {
            Map<String, Object> data = ticket(t, e.to().name(), t.reference() + " " + t.title() + ": resolved");
            data.put("previousStatus", e.from().name());
            outbox.enqueue(WebhookEventType.TICKET_RESOLVED, t.clientId(), data);
        } else {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", e.from().name());
            change.put("to", e.to().name());
            Map<String, Object> data = ticket(t, e.to().name(), t.reference() + " " + t.title() + ": " + e.from().name() + " → " + e.to().name());
            data.put("change", "status");
            data.put("details", change);
            outbox.enqueue(WebhookEventType.TICKET_UPDATED, t.clientId(), data);
        }
    }

    @EventListener
    void on(SlaWarning w) {
        sla(WebhookEventType.SLA_WARNING, w.ticketId().value(), w.number(), w.clientId(), w.title(), w.clock().word(), w.dueAt(),
                "75 % of the " + w.clock().word() + " target used");
    }

    @EventListener
    void on(SlaBreached b) {
        sla(WebhookEventType.SLA_BREACHED, b.ticketId().value(), b.number(), b.clientId(), b.title(), b.clock().word(), b.dueAt(),
                b.clock().word() + " SLA breached");
    }

    @EventListener
    void on(AlertRaised a) {
        if (!outbox.mayHear(WebhookEventType.ALERT_RAISED, a.clientId())) {
            return;
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", a.alertId().toString());
        alert.put("policy", a.policy());
        alert.put("severity", a.severity());
        alert.put("metric", a.metric());
        alert.put("instance", a.instance());
        alert.put("value", a.value());
        alert.put("threshold", a.threshold());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", a.severity() + " alert on " + a.hostname() + ": " + a.policy());
        data.put("alert", alert);
        data.put("device", Map.of("id", a.deviceId().value().toString(), "hostname", a.hostname(), "criticality", a.criticality()));
        data.put("links", Map.of("device", "/devices/" + a.deviceId().value()));
        outbox.enqueue(WebhookEventType.ALERT_RAISED, a.clientId(), data);
    }

    @EventListener
    void on(AlertCleared a) {
        if (!outbox.mayHear(WebhookEventType.ALERT_CLEARED, a.clientId())) {
            return;
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", a.alertId().toString());
        alert.put("policy", a.policy());
        alert.put("metric", a.metric());
        alert.put("instance", a.instance());
        alert.put("value", a.value());
        alert.put("reason", a.reason());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", "Alert cleared on " + a.hostname() + ": " + a.policy());
        data.put("alert", alert);
        data.put("device", Map.of("hostname", a.hostname()));
        if (a.ticketId() != null) {
            data.put("ticket", Map.of("id", a.ticketId().toString()));
            data.put("links", Map.of("ticket", "/tickets/" + a.ticketId()));
        }
        outbox.enqueue(WebhookEventType.ALERT_CLEARED, a.clientId(), data);
    }

    private void updated(TicketRef t, String change, Map<String, Object> details, String what) {
        Map<String, Object> data = ticket(t, null, t.reference() + " " + t.title() + ": " + what);
        data.put("change", change);
        data.put("details", details);
        outbox.enqueue(WebhookEventType.TICKET_UPDATED, t.clientId(), data);
    }

    private void sla(WebhookEventType type, UUID ticketId, long number, ClientId client, String title, String clock, Instant dueAt, String what) {
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("id", ticketId.toString());
        ticket.put("reference", "T-" + number);
        ticket.put("number", number);
        ticket.put("title", title);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", "T-" + number + " " + title + ": " + what);
        data.put("ticket", ticket);
        data.put("sla", Map.of("clock", clock, "dueAt", dueAt.toString()));
        data.put("links", Map.of("ticket", "/tickets/" + ticketId));
        outbox.enqueue(type, client, data);
    }

    /** The ticket part every ticket event carries; {@code status} only where the event knows it. */
    private static Map<String, Object> ticket(TicketRef t, String status, String summary) {
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("id", t.id().value().toString());
        ticket.put("reference", t.reference());
        ticket.put("number", t.number());
        ticket.put("title", t.title());
        if (status != null) {
            ticket.put("status", status);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", summary);
        data.put("ticket", ticket);
        data.put("links", Map.of("ticket", "/tickets/" + t.id().value()));
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ticketOf(Map<String, Object> data) {
        return (Map<String, Object>) data.get("ticket");
    }

}
