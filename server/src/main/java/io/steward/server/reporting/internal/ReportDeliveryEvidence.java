package io.steward.server.reporting.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.reporting.MonthlyReportService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Component;

/**
 * {@link Facts#SLA_REPORT_DELIVERED}, the reporting module's evidence for compliance (kept here so that compliance does
 * not depend on reporting, which reads the backup and security modules): the client's monthly service report for the
 * last ended month (in the client's time zone) was stored and so sent to its recipients. In the first {@link #GRACE_DAYS} days of a
 * month the report of the month before also counts, as reports are stored after the month ends. A client that did not
 * exist for the whole month has no such fact yet.
 */
@Component
class ReportDeliveryEvidence implements EvidenceSource {
    static final int GRACE_DAYS = 7;

    private final MonthlyReportService reports;
    private final ClientService clients;
    private final ComplianceProperties properties;

    ReportDeliveryEvidence(MonthlyReportService reports, ClientService clients, ComplianceProperties properties) {
        this.reports = reports;
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public List<String> facts() {
        return List.of(Facts.SLA_REPORT_DELIVERED);
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        Viewer reader = Viewer.steward(client, "Steward compliance");
        Client c = clients.get(reader, client);
        ZoneId zone = ZoneId.of(c.timeZone());
        ZonedDateTime local = now.atZone(zone);
        YearMonth last = YearMonth.from(local).minusMonths(1);
        if (c.createdAt().isAfter(last.atDay(1).atStartOfDay(zone).toInstant())) {
            return List.of();
        }
        Instant expires = now.plus(properties.evidenceExpiry());
        if (stored(reader, client, last)) {
            return List.of(new Evidence(Facts.SLA_REPORT_DELIVERED, true, now, expires, "The service report for " + last + " was delivered", "month=" + last));
        }
        if (local.getDayOfMonth() <= GRACE_DAYS && stored(reader, client, last.minusMonths(1))) {
            return List.of(new Evidence(Facts.SLA_REPORT_DELIVERED, true, now, expires, "The service report for " + last.minusMonths(1)
                    + " was delivered; " + last + "'s is due by day " + GRACE_DAYS, "month=" + last.minusMonths(1)));
        }
        return List.of(new Evidence(Facts.SLA_REPORT_DELIVERED, false, now, expires, "No service report was delivered for " + last, "month=" + last));
    }

    private boolean stored(Viewer reader, ClientId client, YearMonth month) {
        try {
            reports.storedJson(reader, client, month.toString());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
