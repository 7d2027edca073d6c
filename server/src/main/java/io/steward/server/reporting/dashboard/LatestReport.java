package io.steward.server.reporting.dashboard;

import java.time.YearMonth;
import java.util.Optional;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;

/**
 * The client's most recent stored monthly service report, for the portal dashboard; the stored reports of
 * this module answer it. With none stored yet the portal says "no report yet".
 */
public interface LatestReport {

    /** The newest stored report of the client the viewer may see, or empty when there is none. */
    Optional<StoredReport> latest(Viewer viewer, ClientId client);

    /** A stored report: its month and the page that shows it. */
    record StoredReport(YearMonth month, String href) {
    }
}
