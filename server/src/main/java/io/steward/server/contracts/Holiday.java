package io.steward.server.contracts;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * A day without coverage, in the calendar's zone: either every year on a fixed date
 * ({@code yearly} set, {@code date} null) or once ({@code date} set, {@code yearly} null).
 * A holiday removes the working periods that start on that day.
 */
public record Holiday(String name, MonthDay yearly, LocalDate date) {
    public Holiday {
        Objects.requireNonNull(name, "name");
        if ((yearly == null) == (date == null)) {
            throw new IllegalArgumentException("a holiday is either yearly or on one date");
        }
    }

    public static Holiday yearly(String name, MonthDay day) {
        return new Holiday(name, day, null);
    }

    public static Holiday once(String name, LocalDate date) {
        return new Holiday(name, null, date);
    }

    public boolean fallsOn(LocalDate day) {
        return date != null ? date.equals(day) : yearly.equals(MonthDay.from(day));
    }
}
