package io.steward.server.notify.internal;

import java.time.Clock;

import io.steward.server.notify.internal.mail.StaffMailer;
import io.steward.server.reporting.MonthlyReportStored;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells a monthly report's recipients that it is stored: in the app (staff see the client's report page, portal users
 * the portal's) and by email where they want it. A synchronous listener, so the notifications and mails commit with
 * the stored report.
 */
@Component
class ReportNotifier {
    private final NotificationRepository repository;
    private final StaffMailer mail;
    private final Clock clock;

    ReportNotifier(NotificationRepository repository, StaffMailer mail, Clock clock) {
        this.repository = repository;
        this.mail = mail;
        this.clock = clock;
    }

    @EventListener
    void on(MonthlyReportStored r) {
        String message = "The service report for " + r.clientName() + ", " + r.month() + ", is ready";
        String staffLink = "/clients/" + r.clientId().value() + "/reports/" + r.month();
        String portalLink = "/portal/reports/" + r.month();
        repository.insertReportReady(r.recipients(), r.clientId(), message, staffLink, portalLink, clock.instant());
        mail.reportReady(r.recipients(), r.clientId(), r.month(), message, staffLink, portalLink);
    }
}
