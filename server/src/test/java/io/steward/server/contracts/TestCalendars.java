package io.steward.server.contracts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Calendars the tests share. */
public final class TestCalendars {
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestCalendars() {
    }

    /** Mon–Fri 08:00–18:00 with the given holidays. */
    public static CoverageCalendar officeHours(ZoneId zone, Holiday... holidays) {
        return new CoverageCalendar(zone, daily(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:00", "18:00"),
                List.of(holidays), false);
    }

    /** Office hours in Berlin with ten holidays of 2026 (yearly and one-off), as the benchmark uses. */
    public static CoverageCalendar berlinOfficeWithTenHolidays() {
        return officeHours(BERLIN,
                Holiday.yearly("New Year", MonthDay.of(1, 1)),
                Holiday.once("Good Friday", LocalDate.of(2026, 4, 3)),
                Holiday.once("Easter Monday", LocalDate.of(2026, 4, 6)),
                Holiday.yearly("Labour Day", MonthDay.of(5, 1)),
                Holiday.once("Ascension", LocalDate.of(2026, 5, 14)),
                Holiday.once("Whit Monday", LocalDate.of(2026, 5, 25)),
                Holiday.yearly("Unity Day", MonthDay.of(10, 3)),
                Holiday.yearly("Christmas Eve", MonthDay.of(12, 24)),
                Holiday.yearly("Christmas", MonthDay.of(12, 25)),
                Holiday.yearly("Boxing Day", MonthDay.of(12, 26)));
    }

    /** Every day from {@code start} to {@code end} (overnight if end is not after start). */
    public static CoverageCalendar everyDay(ZoneId zone, String start, String end) {
        return new CoverageCalendar(zone, daily(EnumSet.allOf(DayOfWeek.class), start, end), List.of(), false);
    }

    public static List<WorkingPeriod> daily(EnumSet<DayOfWeek> days, String start, String end) {
        List<WorkingPeriod> periods = new ArrayList<>();
        for (DayOfWeek day : days) {
            periods.add(new WorkingPeriod(day, LocalTime.parse(start), LocalTime.parse(end)));
        }
        return periods;
    }

    /** A local date-time in {@code zone}, resolved like the calendar does (earlier offset in an overlap). */
    public static Instant at(ZoneId zone, String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
    }
}
