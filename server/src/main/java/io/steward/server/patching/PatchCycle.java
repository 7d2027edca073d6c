package io.steward.server.patching;

import java.time.Clock;
import java.time.Instant;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

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

    /**
     * The cycle day to start a cycle for now, if any: today's, or one missed within the last {@code catchUpDays} days
     * (Steward was not running that day), unless the policy came into force after that day ({@code policySince}; a
     * changed policy starts no cycle for a day that was not its own). Starting is idempotent per client and day, so
     * the same day found again is harmless.
     */
    public Optional<LocalDate> due(ZoneId zone, int week, DayOfWeek weekday, int offsetDays, int catchUpDays, Instant policySince) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate latest = latest(zone, week, weekday, offsetDays);
        if (latest.isBefore(today.minusDays(catchUpDays)) || policySince != null && LocalDate.ofInstant(policySince, zone).isAfter(latest)) {
            return Optional.empty();
        }
        return Optional.of(latest);
    }

    /** The latest cycle day on or before today in {@code zone}. */
    public LocalDate latest(ZoneId zone, int week, DayOfWeek weekday, int offsetDays) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        YearMonth month = YearMonth.from(today);
        // This month's day may lie ahead (or, with an offset, even next month's); three months back always hold one.
        for (int i = 0; i < 3; i++, month = month.minusMonths(1)) {
            LocalDate day = cycleDay(month, week, weekday, offsetDays);
            if (!day.isAfter(today)) {
                return day;
            }
        }
        throw new IllegalStateException("no cycle day within three months");
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
