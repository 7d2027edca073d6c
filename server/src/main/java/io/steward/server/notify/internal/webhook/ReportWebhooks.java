package io.steward.server.notify.internal.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.server.reporting.MonthlyReportStored;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** report.ready: a client's monthly report was stored. Runs in the storing transaction, as the other webhook listeners. */
@Component
class ReportWebhooks {
    private final WebhookOutbox outbox;

    ReportWebhooks(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(MonthlyReportStored r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", "The service report of " + r.clientName() + " for " + r.month() + " is ready");
        data.put("report", Map.of("month", r.month()));
        data.put("links", Map.of("report", "/api/v1/clients/" + r.clientId().value() + "/reports/" + r.month()));
        outbox.enqueue(WebhookEventType.REPORT_READY, r.clientId(), data);
    }
}
