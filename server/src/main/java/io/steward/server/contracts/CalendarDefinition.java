package io.steward.server.contracts;

import java.time.ZoneId;
import java.util.List;

import io.steward.server.shared.CalendarId;

/**
 * A named coverage calendar as the MSP defines it. {@code timeZone} null means "the client's
 * zone", so one "business hours" calendar serves clients in every zone.
 */
public record CalendarDefinition(CalendarId id, String name, String timeZone, boolean alwaysOn, List<WorkingPeriod> periods,
                                 List<Holiday> holidays, int version) {

    /** The calendar with its zone fixed: its own, or the client's when it has none. */
    public CoverageCalendar resolve(ZoneId clientZone) {
        ZoneId zone = timeZone == null ? clientZone : ZoneId.of(timeZone);
        return alwaysOn ? CoverageCalendar.always(zone) : new CoverageCalendar(zone, periods, holidays, false);
    }
}
