package io.steward.server.patching;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The standard patch cycle: the {@code week}-th {@code weekday} of each month (week 5 = the last one), plus
 * {@code offsetDays} (e.g. Microsoft's second Tuesday + 7 days), in the client's time zone. Installing then happens
 * in the devices' maintenance windows from that day on.
 */
public final class PatchCycle {
    private final Clock clock;

    public PatchCycle(Clock clock) {
        this.clock = clock;
    }

    /** The cycle day of {@code month}; with a large offset it may fall in the next month. */
    public static LocalDate cycleDay(YearMonth month, int week, DayOfWeek weekday, int offsetDays) {
        if (week < 1 || week > 5) {
            throw new IllegalArgumentException("week is 1 to 5 (5: the last)");
        }
        LocalDate first = month.atDay(1);
        LocalDate base = week == 5 ? first.with(TemporalAdjusters.lastInMonth(weekday))
                : first.with(TemporalAdjusters.dayOfWeekInMonth(week, weekday));
        return base.plusDays(offsetDays);
    }

    /** The next cycle day on or after today in {@code zone}. */
    public LocalDate next(ZoneId zone, int week, DayOfWeek weekday, int offsetDays) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        YearMonth month = YearMonth.from(today).minusMonths(1);
        // The previous month's day may fall into this month with an offset; three months always hold the next one.
        for (int i = 0; i < 3; i++, month = month.plusMonths(1)) {
            LocalDate day = cycleDay(month, week, weekday, offsetDays);
            if (!day.isBefore(today)) {
                return day;
            }
        }
        throw new IllegalStateException("no cycle day within three months");
    }
}
