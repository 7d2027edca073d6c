package io.steward.server.reporting.internal;

import java.time.YearMonth;
import java.util.Optional;

import io.steward.server.reporting.dashboard.LatestReport;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/** The newest report the schedule (or an admin) stored for the client, linked to the page the viewer may open. */
@Component
class StoredLatestReport implements LatestReport {
    private final StoredReports stored;

    StoredLatestReport(StoredReports stored) {
        this.stored = stored;
    }

    @Override
    public Optional<StoredReport> latest(Viewer viewer, ClientId client) {
        return stored.list(viewer.scope(), client).stream().findFirst().map(r -> {
            YearMonth month = YearMonth.parse(r.month());
            String href = viewer.isStaff() ? "/clients/" + client.value() + "/reports/" + month : "/portal/reports/" + month;
            return new StoredReport(month, href);
        });
    }
}
