package io.steward.server;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.steward.server.alerting.internal.DiskFillForecast;
import io.steward.server.contracts.BusinessTime;
import io.steward.server.contracts.CoverageCalendar;
import io.steward.server.contracts.TestCalendars;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.reporting.dashboard.DashboardPeriod;
import io.steward.server.reporting.internal.MonthlyReportSchedule;
import io.steward.server.servicedesk.sla.ClockStatus;
import io.steward.server.servicedesk.sla.SlaClock;
import io.steward.server.servicedesk.sla.SlaEvent;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.servicedesk.sla.SlaTargets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The time rules at the instants where calendars are awkward: a Sunday night, month ends (where the
 * month has already turned in one zone and not in another), the nights Europe and the United States
 * change their clocks, New Year, a leap day. Every rule takes its "now" from the caller, so these run
 * the same whatever the date and hour of the machine.
 */
class AwkwardInstantsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** Named instants, each with the zone it is awkward in. */
    static Stream<Arguments> instants() {
        return Stream.of(
                Arguments.of("Sunday evening in New York, Monday in Tokyo", Instant.parse("2026-12-06T23:30:00Z"), NEW_YORK),
                Arguments.of("last second of November", Instant.parse("2026-11-30T23:59:59Z"), BERLIN),
                Arguments.of("February over in Berlin, not in UTC", Instant.parse("2027-02-28T23:30:00Z"), BERLIN),
                Arguments.of("Berlin's clocks jump 02:00 -> 03:00", Instant.parse("2026-03-29T01:30:00Z"), BERLIN),
                Arguments.of("Berlin's repeated hour 02:00-03:00", Instant.parse("2026-10-25T00:30:00Z"), BERLIN),
                Arguments.of("New York's clocks jump 02:00 -> 03:00", Instant.parse("2026-03-08T07:30:00Z"), NEW_YORK),
                Arguments.of("New York's repeated hour 01:00-02:00", Instant.parse("2026-11-01T05:30:00Z"), NEW_YORK),
                Arguments.of("New Year in Berlin", Instant.parse("2026-12-31T23:00:30Z"), BERLIN),
                Arguments.of("thirty seconds to New Year in New York", Instant.parse("2027-01-01T04:59:30Z"), NEW_YORK),
                Arguments.of("a leap day in Tokyo", Instant.parse("2028-02-29T03:10:00Z"), TOKYO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void aroundTheClockTargetsCountRealMinutesWhateverTheLocalClockDoes(String name, Instant now, ZoneId zone) {
        CoverageCalendar calendar = TestCalendars.officeHours(zone);
        Instant opened = now.minus(Duration.ofMinutes(10));
        SlaStatus status = SlaClock.evaluate(calendar, List.of(new SlaEvent.Opened(opened,
                SlaTargets.aroundTheClock(Duration.ofMinutes(15), Duration.ofHours(4)))), now);

        assertThat(status.response().due()).isEqualTo(opened.plus(Duration.ofMinutes(15)));
        assertThat(status.response().elapsed()).isEqualTo(Duration.ofMinutes(10));
        assertThat(status.response().remaining()).isEqualTo(Duration.ofMinutes(5));
        assertThat(status.response().state()).isEqualTo(ClockStatus.State.RUNNING);
        assertThat(status.resolution().due()).isEqualTo(opened.plus(Duration.ofHours(4)));
        // Next to act on: the response clock's warning at 75 % of its 15 minutes, before either due time.
        assertThat(SlaClock.nextDeadline(status)).isEqualTo(opened.plus(Duration.ofSeconds(675)));

        SlaStatus later = SlaClock.evaluate(calendar, List.of(new SlaEvent.Opened(opened,
                SlaTargets.aroundTheClock(Duration.ofMinutes(15), Duration.ofHours(4)))), now.plus(Duration.ofMinutes(6)));
        assertThat(later.response().breachedAt()).isEqualTo(opened.plus(Duration.ofMinutes(15)));
        assertThat(later.resolution().breachedAt()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void businessTargetsFallDueInsideOfficeHoursAndCountExactlyTheirTarget(String name, Instant now, ZoneId zone) {
        CoverageCalendar calendar = TestCalendars.officeHours(zone);
        for (Duration target : List.of(Duration.ofMinutes(15), Duration.ofHours(4), Duration.ofHours(16))) {
            Instant due = BusinessTime.addBusinessTime(calendar, now, target);
            assertThat(due).as(name + ", " + target).isAfter(now);
            assertThat(BusinessTime.businessTimeBetween(calendar, now, due)).as(name + ", " + target).isEqualTo(target);
            ZonedDateTime local = due.atZone(zone);
            assertThat(local.getDayOfWeek()).as("%s: due %s", name, local).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(local.toLocalTime()).as("%s: due %s", name, local).isBetween(LocalTime.of(8, 0, 0, 1), LocalTime.of(18, 0));
            // A minute before it is due, one minute of business time is left.
            assertThat(BusinessTime.businessTimeBetween(calendar, now, due.minus(Duration.ofMinutes(1))))
                    .isEqualTo(target.minus(Duration.ofMinutes(1)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void lastMonthsReportCoversTheWholeLocalMonthAndNothingElse(String name, Instant now, ZoneId zone) {
        YearMonth current = YearMonth.from(now.atZone(zone));
        YearMonth last = current.minusMonths(1);
        ReportPeriod period = ReportPeriod.of(last.toString(), zone, Instant.parse("2020-01-01T00:00:00Z"), now);

        assertThat(period.from().atZone(zone).toLocalDateTime()).isEqualTo(last.atDay(1).atStartOfDay());
        assertThat(period.to().atZone(zone).toLocalDateTime()).isEqualTo(current.atDay(1).atStartOfDay());
        assertThat(period.to()).isBeforeOrEqualTo(now);
        assertThat(period.partial()).isFalse();
        // A month is its days of 24 hours, give or take the hour its clocks changed.
        long hours = Duration.between(period.from(), period.to()).toHours();
        assertThat(hours).isBetween(last.lengthOfMonth() * 24L - 1, last.lengthOfMonth() * 24L + 1);
        // This month has begun locally, so it can be asked for, and it is partial.
        ReportPeriod running = ReportPeriod.of(current.toString(), zone, Instant.parse("2020-01-01T00:00:00Z"), now);
        assertThat(running.partial()).isTrue();
        assertThat(running.asOf()).isEqualTo(now);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void theMonthlyReportIsDueForTheLocalPreviousMonthOnlyFromItsLocalHour(String name, Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        YearMonth due = MonthlyReportSchedule.MonthlyReportScheduler.dueMonth(now, zone, 1, 6);
        boolean beforeSixOnTheFirst = local.getDayOfMonth() == 1 && local.getHour() < 6;
        assertThat(due).as(name).isEqualTo(beforeSixOnTheFirst ? null : YearMonth.from(local).minusMonths(1));

        ZonedDateTime sixOnTheFirst = YearMonth.from(local).atDay(1).atTime(6, 0).atZone(zone);
        assertThat(MonthlyReportSchedule.MonthlyReportScheduler.dueMonth(sixOnTheFirst.toInstant().minusSeconds(1), zone, 1, 6)).isNull();
        assertThat(MonthlyReportSchedule.MonthlyReportScheduler.dueMonth(sixOnTheFirst.toInstant(), zone, 1, 6))
                .isEqualTo(YearMonth.from(local).minusMonths(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void theDashboardsDayStartsAtLocalMidnight(String name, Instant now, ZoneId zone) {
        DashboardPeriod period = DashboardPeriod.of(Clock.fixed(now, ZoneOffset.UTC), zone.getId(), "30");
        LocalDate today = now.atZone(zone).toLocalDate();
        assertThat(period.todayStarts()).isEqualTo(today.atStartOfDay(zone).toInstant());
        assertThat(period.todayStarts()).isBeforeOrEqualTo(now);
        assertThat(Duration.between(period.todayStarts(), now)).isLessThanOrEqualTo(Duration.ofHours(25));
        assertThat(period.volumeFrom()).isEqualTo(now.minus(Duration.ofDays(30)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    void aDiskForecastCountsCalendarDaysAcrossYearEndsAndLeapDays(String name, Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        List<DiskFillForecast.DailyMark> marks = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            marks.add(new DiskFillForecast.DailyMark(today.minusDays(i), 70 - 2.0 * i));
        }
        DiskFillForecast.Forecast f = DiskFillForecast.fit(marks, today).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(2, within(1e-9));
        assertThat(f.fullOn()).isEqualTo(today.plusDays(15));
        assertThat(ChronoUnit.DAYS.between(today, f.fullOn())).isEqualTo(15);
        assertThat(f.fullWithin(today, 14)).isFalse();
        assertThat(f.fullWithin(today, 15)).isTrue();
    }
}
