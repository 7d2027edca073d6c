package io.steward.server.alerting.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A weekly maintenance window: on each of {@code days}, from {@code start} local time in the
 * client's {@code zone}, for {@code length} (which may run past midnight, at most a week). Local
 * times that a DST change skips start at the first valid instant after the gap.
 */
public record RecurringWindow(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {

    public static final Duration LONGEST = Duration.ofDays(7);

    public RecurringWindow {
        days = Set.copyOf(days);
        if (days.isEmpty() || length.isNegative() || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("at least one day and a length up to a week");
        }
    }

    public boolean covers(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        long back = length.toDays() + 1;
        for (long i = 0; i <= back; i++) {
            LocalDate day = today.minusDays(i);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant from = ZonedDateTime.of(day, start, zone).toInstant();
            if (!at.isBefore(from) && at.isBefore(from.plus(length))) {
                return true;
            }
        }
        return false;
    }
}
