package io.steward.server.notify.internal.webhook;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a webhook announces, by the name receivers see in {@code type}. Only {@link #TEST} cannot be chosen: it is sent on
 * request.
 */
public enum WebhookEventType {
    TICKET_CREATED("ticket.created", "A ticket was opened"),
    TICKET_UPDATED("ticket.updated", "A ticket was edited, assigned, escalated, answered in public or moved (not to resolved)"),
    TICKET_RESOLVED("ticket.resolved", "A ticket was resolved"),
    ALERT_RAISED("alert.raised", "A monitoring alert opened"),
    ALERT_CLEARED("alert.cleared", "A monitoring alert cleared"),
    SLA_WARNING("sla.warning", "75 % of an SLA target used"),
    SLA_BREACHED("sla.breached", "An SLA target breached"),
    REPORT_READY("report.ready", "A client's monthly service report was stored"),
    TEST("webhook.test", "A test sent from the endpoint's page");

    private final String code;
    private final String description;

    WebhookEventType(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The types an endpoint may subscribe to. */
    public static WebhookEventType[] selectable() {
        return Arrays.stream(values()).filter(t -> t != TEST).toArray(WebhookEventType[]::new);
    }

    public static Optional<WebhookEventType> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
