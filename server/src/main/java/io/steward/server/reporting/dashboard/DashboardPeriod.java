package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.steward.server.shared.InvalidInputException;

/**
 * The instants a dashboard counts from: "today" starts at midnight in the viewer's time zone (Steward keeps no
 * time zone per user or for the MSP, so the viewer names it: the page sends the browser's zone, the API takes
 * {@code zone}, and both default to UTC), and ticket volume looks back {@code days} whole days from now.
 *
 * @param now          the instant every figure is computed as of
 * @param todayStarts  the last midnight in {@code zone} at or before {@code now}
 * @param volumeFrom   {@code now} minus {@code days} days
 */
public record DashboardPeriod(Instant now, ZoneId zone, Instant todayStarts, int days, Instant volumeFrom) {
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;
    /** Named "UTC" (not the offset "Z") wherever the zone is shown. */
    static final ZoneId UTC = ZoneId.of("UTC");

    /** Reads the query parameters (null or blank: the defaults); a bad value is a 400 naming the parameter. */
    public static DashboardPeriod of(Clock clock, String zone, String days) {
        ZoneId z = UTC;
        if (zone != null && !zone.isBlank()) {
            try {
                z = ZoneId.of(zone.strip());
            } catch (DateTimeException e) {
                throw new InvalidInputException("zone", "Use an IANA time zone such as Europe/Paris or UTC.");
            }
        }
        int d = DEFAULT_DAYS;
        if (days != null && !days.isBlank()) {
            try {
                d = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 1 || d > MAX_DAYS) {
                throw new InvalidInputException("days", "days is a whole number from 1 to " + MAX_DAYS + ".");
            }
        }
        return at(clock.instant(), z, d);
    }

    static DashboardPeriod at(Instant now, ZoneId zone, int days) {
        Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        return new DashboardPeriod(now, zone, midnight, days, now.minus(Duration.ofDays(days)));
    }
}
