package io.steward.server.contracts;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * When the MSP's clock runs for a client: working periods in an IANA zone, minus holidays.
 * A calendar with {@code alwaysOn} set covers every instant (24x7) and ignores periods and holidays.
 */
public record CoverageCalendar(ZoneId zone, List<WorkingPeriod> periods, List<Holiday> holidays, boolean alwaysOn) {
    public CoverageCalendar {
        Objects.requireNonNull(zone, "zone");
        periods = List.copyOf(periods);
        holidays = List.copyOf(holidays);
        if (!alwaysOn && periods.isEmpty()) {
            throw new IllegalArgumentException("a business calendar needs at least one working period");
        }
    }

    /** Every instant counts: wall-clock time. */
    public static CoverageCalendar always(ZoneId zone) {
        return new CoverageCalendar(zone, List.of(), List.of(), true);
    }
}
