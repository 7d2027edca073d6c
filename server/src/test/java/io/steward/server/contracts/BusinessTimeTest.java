package io.steward.server.contracts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.steward.server.contracts.BusinessTime.addBusinessTime;
import static io.steward.server.contracts.BusinessTime.businessTimeBetween;
import static io.steward.server.contracts.TestCalendars.BERLIN;
import static io.steward.server.contracts.TestCalendars.NEW_YORK;
import static io.steward.server.contracts.TestCalendars.at;
import static io.steward.server.contracts.TestCalendars.everyDay;
import static io.steward.server.contracts.TestCalendars.officeHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Worked examples; 2026-03-02 is a Monday. */
class BusinessTimeTest {
    static final CoverageCalendar OFFICE = officeHours(BERLIN, Holiday.once("Staff day", LocalDate.of(2026, 3, 10)),
            Holiday.yearly("New Year", MonthDay.of(1, 1)), Holiday.yearly("Christmas", MonthDay.of(12, 25)));

    @Test
    void fourHoursFromFourPmAreDueAtTenTheNextWorkingDay() {
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-03T16:00"), Duration.ofHours(4)))
                .isEqualTo(at(BERLIN, "2026-03-04T10:00"));
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-06T16:00"), Duration.ofHours(4)))
                .as("Friday afternoon runs into Monday").isEqualTo(at(BERLIN, "2026-03-09T10:00"));
    }

    @Test
    void openedOnASaturdayStartsCountingOnMonday() {
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-07T11:00"), Duration.ofHours(4)))
                .isEqualTo(at(BERLIN, "2026-03-09T12:00"));
        assertThat(businessTimeBetween(OFFICE, at(BERLIN, "2026-03-07T11:00"), at(BERLIN, "2026-03-09T12:00")))
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void holidaysAreSkipped() {
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-10T09:00"), Duration.ofHours(4)))
                .as("opened on the holiday").isEqualTo(at(BERLIN, "2026-03-11T12:00"));
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-09T16:00"), Duration.ofHours(4)))
                .as("running over the holiday").isEqualTo(at(BERLIN, "2026-03-11T10:00"));
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-12-24T17:00"), Duration.ofHours(2)))
                .as("yearly holiday then weekend").isEqualTo(at(BERLIN, "2026-12-28T09:00"));
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-12-31T17:00"), Duration.ofHours(2)))
                .as("across New Year, itself a holiday").isEqualTo(at(BERLIN, "2027-01-04T09:00"));
        assertThat(businessTimeBetween(OFFICE, at(BERLIN, "2026-12-31T00:00"), at(BERLIN, "2027-01-05T00:00")))
                .isEqualTo(Duration.ofHours(20));
    }

    @Test
    void aTargetEndingWithTheWorkingDayIsDueAtItsEndNotAtTheNextStart() {
        assertThat(addBusinessTime(OFFICE, at(BERLIN, "2026-03-03T10:00"), Duration.ofHours(8)))
                .isEqualTo(at(BERLIN, "2026-03-03T18:00"));
    }

    @Test
    void zeroIsTheStartEvenOutsideCoverageAndNegativeIsRefused() {
        Instant sunday = at(BERLIN, "2026-03-08T03:00");
        assertThat(addBusinessTime(OFFICE, sunday, Duration.ZERO)).isEqualTo(sunday);
        assertThat(businessTimeBetween(OFFICE, sunday, sunday.minusSeconds(60))).isZero();
        assertThatThrownBy(() -> addBusinessTime(OFFICE, sunday, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nanosecondsAreKept() {
        Instant start = at(BERLIN, "2026-03-03T17:59:59").plusNanos(999_999_999);
        assertThat(addBusinessTime(OFFICE, start, Duration.ofNanos(2))).isEqualTo(at(BERLIN, "2026-03-04T08:00").plusNanos(1));
    }

    @Test
    void alwaysOnIsWallTime() {
        CoverageCalendar always = CoverageCalendar.always(NEW_YORK);
        Instant start = at(NEW_YORK, "2026-03-07T12:00");
        assertThat(addBusinessTime(always, start, Duration.ofHours(48))).isEqualTo(start.plus(Duration.ofHours(48)));
        assertThat(businessTimeBetween(always, start, at(NEW_YORK, "2026-03-09T12:00"))).isEqualTo(Duration.ofHours(47));
    }

    @Test
    void twentyFourHourPeriodsFollowTheClockOverUsChangeovers() {
        CoverageCalendar allDay = everyDay(NEW_YORK, "00:00", "00:00");
        assertThat(businessTimeBetween(allDay, at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
                .as("spring forward: the day has 23 hours").isEqualTo(Duration.ofHours(23));
        assertThat(addBusinessTime(allDay, at(NEW_YORK, "2026-03-08T00:00"), Duration.ofHours(24)))
                .isEqualTo(at(NEW_YORK, "2026-03-09T01:00"));
        assertThat(businessTimeBetween(allDay, at(NEW_YORK, "2026-11-01T00:00"), at(NEW_YORK, "2026-11-02T00:00")))
                .as("fall back: the day has 25 hours").isEqualTo(Duration.ofHours(25));
    }

    @Test
    void overnightShiftsAcrossUsChangeovers() {
        CoverageCalendar nights = everyDay(NEW_YORK, "22:00", "06:00");
        assertThat(businessTimeBetween(nights, at(NEW_YORK, "2026-03-07T20:00"), at(NEW_YORK, "2026-03-08T12:00")))
                .as("22:00 EST to 06:00 EDT").isEqualTo(Duration.ofHours(7));
        assertThat(addBusinessTime(nights, at(NEW_YORK, "2026-03-07T22:00"), Duration.ofHours(8)))
                .isEqualTo(at(NEW_YORK, "2026-03-08T23:00"));
        assertThat(businessTimeBetween(nights, at(NEW_YORK, "2026-10-31T20:00"), at(NEW_YORK, "2026-11-01T12:00")))
                .as("22:00 EDT to 06:00 EST").isEqualTo(Duration.ofHours(9));
        assertThat(addBusinessTime(nights, at(NEW_YORK, "2026-10-31T22:00"), Duration.ofHours(8)))
                .as("eight hours end at 05:00 EST").isEqualTo(at(NEW_YORK, "2026-11-01T05:00"));
    }

    @Test
    void overnightShiftsAcrossEuChangeovers() {
        CoverageCalendar nights = everyDay(BERLIN, "22:00", "06:00");
        assertThat(businessTimeBetween(nights, at(BERLIN, "2026-03-28T20:00"), at(BERLIN, "2026-03-29T12:00")))
                .isEqualTo(Duration.ofHours(7));
        assertThat(addBusinessTime(nights, at(BERLIN, "2026-03-28T23:00"), Duration.ofHours(4)))
                .as("one hour of the night is missing").isEqualTo(at(BERLIN, "2026-03-29T04:00"));
        assertThat(businessTimeBetween(nights, at(BERLIN, "2026-10-24T20:00"), at(BERLIN, "2026-10-25T12:00")))
                .isEqualTo(Duration.ofHours(9));
        assertThat(addBusinessTime(nights, at(BERLIN, "2026-10-24T22:00"), Duration.ofHours(8)))
                .as("eight hours end at 05:00 CET").isEqualTo(at(BERLIN, "2026-10-25T05:00"));
    }

    @Test
    void dayShiftsKeepTheirLocalLengthOnChangeoverDays() {
        CoverageCalendar days = everyDay(BERLIN, "08:00", "18:00");
        assertThat(businessTimeBetween(days, at(BERLIN, "2026-03-29T00:00"), at(BERLIN, "2026-03-30T00:00")))
                .isEqualTo(Duration.ofHours(10));
        assertThat(businessTimeBetween(days, at(BERLIN, "2026-10-25T00:00"), at(BERLIN, "2026-10-26T00:00")))
                .isEqualTo(Duration.ofHours(10));
    }

    @Test
    void boundariesInAGapMoveForwardAndInAnOverlapTakeTheEarlierOffset() {
        CoverageCalendar gap = new CoverageCalendar(NEW_YORK,
                List.of(new WorkingPeriod(DayOfWeek.SUNDAY, LocalTime.of(2, 30), LocalTime.of(4, 0))), List.of(), false);
        assertThat(addBusinessTime(gap, at(NEW_YORK, "2026-03-08T00:00"), Duration.ofMinutes(1)))
                .as("02:30 does not exist; it becomes 03:30 EDT").isEqualTo(at(NEW_YORK, "2026-03-08T03:31"));
        assertThat(businessTimeBetween(gap, at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
                .isEqualTo(Duration.ofMinutes(30));
        CoverageCalendar overlap = new CoverageCalendar(NEW_YORK,
                List.of(new WorkingPeriod(DayOfWeek.SUNDAY, LocalTime.of(1, 30), LocalTime.of(3, 0))), List.of(), false);
        assertThat(businessTimeBetween(overlap, at(NEW_YORK, "2026-11-01T00:00"), at(NEW_YORK, "2026-11-02T00:00")))
                .as("01:30 EDT to 03:00 EST").isEqualTo(Duration.ofMinutes(150));
        assertThat(addBusinessTime(overlap, at(NEW_YORK, "2026-11-01T00:00"), Duration.ZERO.plusMinutes(1)))
                .isEqualTo(Instant.parse("2026-11-01T05:31:00Z"));
    }

    @Test
    void overlappingPeriodsCountOnce() {
        List<WorkingPeriod> periods = new ArrayList<>(TestCalendars.daily(java.util.EnumSet.of(DayOfWeek.MONDAY), "08:00", "12:00"));
        periods.add(new WorkingPeriod(DayOfWeek.MONDAY, LocalTime.of(10, 0), LocalTime.of(14, 0)));
        periods.add(new WorkingPeriod(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(9, 0)));
        CoverageCalendar cal = new CoverageCalendar(BERLIN, periods, List.of(), false);
        assertThat(businessTimeBetween(cal, at(BERLIN, "2026-03-08T00:00"), at(BERLIN, "2026-03-10T00:00")))
                .as("Sun 22:00 to Mon 14:00").isEqualTo(Duration.ofHours(16));
    }

    @Test
    void aCalendarWhoseOnlyPeriodsFallOnHolidaysIsRefusedInsteadOfLoopingForever() {
        List<Holiday> everyDayOfTheYear = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2028, 1, 1); d.getYear() == 2028; d = d.plusDays(1)) {
            everyDayOfTheYear.add(Holiday.yearly("always off", MonthDay.from(d)));
        }
        CoverageCalendar never = new CoverageCalendar(ZoneId.of("UTC"),
                TestCalendars.daily(java.util.EnumSet.of(DayOfWeek.MONDAY), "09:00", "17:00"), everyDayOfTheYear, false);
        assertThatThrownBy(() -> addBusinessTime(never, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within 5 years");
        assertThat(businessTimeBetween(never, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"))).isZero();
        assertThatThrownBy(() -> addBusinessTime(OFFICE, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(365 * 6)))
                .as("more than five years of office hours").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instantsOutsideTheSupportedRangeAreRefused() {
        assertThatThrownBy(() -> addBusinessTime(OFFICE, Instant.parse("1700-01-01T00:00:00Z"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supported range");
    }

    @Test
    void compiledFormsAreSharedForEqualCalendars() {
        assertThat(BusinessTime.of(officeHours(BERLIN))).isSameAs(BusinessTime.of(officeHours(BERLIN)));
        assertThat(BusinessTime.of(CoverageCalendar.always(BERLIN))).isSameAs(BusinessTime.wallClock());
    }
}
