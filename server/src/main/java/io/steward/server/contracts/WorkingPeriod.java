package io.steward.server.contracts;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One span of covered time that starts on {@code day} at {@code start} (local time of the
 * calendar's zone). Invariant: if {@code end} is not after {@code start} the period runs overnight
 * and ends at {@code end} on the following day; {@code start == end} covers 24 hours.
 */
public record WorkingPeriod(DayOfWeek day, LocalTime start, LocalTime end) {
    public WorkingPeriod {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public boolean overnight() {
        return !end.isAfter(start);
    }
}
