package io.steward.server.contracts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Laws of covered-time arithmetic over random calendars in zones with and without DST. */
class BusinessTimePropertiesTest {
    static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
            "UTC", "Pacific/Chatham", "America/Sao_Paulo");

    @Property(tries = 300)
    void addingThenMeasuringGivesTheAmountBack(@ForAll("calendars") CoverageCalendar cal, @ForAll("instants") Instant start,
                                               @ForAll("amounts") Duration amount) {
        Instant due = addOrConfirmRefusal(cal, start, amount);
        if (due == null) {
            return;
        }
        assertThat(due).isAfterOrEqualTo(start);
        assertThat(BusinessTime.businessTimeBetween(cal, start, due)).isEqualTo(amount);
        if (!amount.isZero()) {
            // earliest: a nanosecond less of the window would not be enough
            assertThat(BusinessTime.businessTimeBetween(cal, start, due.minusNanos(1))).isLessThan(amount);
        }
    }

    @Property(tries = 300)
    void coveredTimeIsAdditiveAndBoundedByWallTime(@ForAll("calendars") CoverageCalendar cal, @ForAll("instants") Instant a,
                                                   @ForAll("amounts") Duration d1, @ForAll("amounts") Duration d2) {
        Instant b = a.plus(d1);
        Instant c = b.plus(d2);
        Duration ab = BusinessTime.businessTimeBetween(cal, a, b);
        Duration bc = BusinessTime.businessTimeBetween(cal, b, c);
        assertThat(BusinessTime.businessTimeBetween(cal, a, c)).isEqualTo(ab.plus(bc));
        assertThat(ab).isLessThanOrEqualTo(d1);
    }

    @Property(tries = 200)
    void addIsMonotoneInStartAndAmount(@ForAll("calendars") CoverageCalendar cal, @ForAll("instants") Instant start,
                                       @ForAll("amounts") Duration amount, @ForAll("amounts") Duration more) {
        Instant due = addOrConfirmRefusal(cal, start, amount);
        Instant later = addOrConfirmRefusal(cal, start, amount.plus(more));
        if (due != null && later != null) {
            assertThat(later).isAfterOrEqualTo(due);
        }
        Instant startedLater = addOrConfirmRefusal(cal, start.plus(more), amount);
        if (due != null && startedLater != null) {
            assertThat(startedLater).isAfterOrEqualTo(due);
        }
    }

    @Property(tries = 200)
    void aCalendarCoveringEveryHourIsWallTime(@ForAll("zones") ZoneId zone, @ForAll("instants") Instant start,
                                              @ForAll("amounts") Duration amount) {
        CoverageCalendar allDay = TestCalendars.everyDay(zone, "00:00", "00:00");
        assertThat(BusinessTime.addBusinessTime(allDay, start, amount)).isEqualTo(start.plus(amount));
        assertThat(BusinessTime.businessTimeBetween(allDay, start, start.plus(amount))).isEqualTo(amount);
        assertThat(BusinessTime.addBusinessTime(CoverageCalendar.always(zone), start, amount)).isEqualTo(start.plus(amount));
    }

    @Property(tries = 100)
    void theJvmDefaultZoneDoesNotMatter(@ForAll("calendars") CoverageCalendar cal, @ForAll("instants") Instant start,
                                        @ForAll("amounts") Duration amount, @ForAll("zones") ZoneId otherDefault) {
        // A fresh equal calendar is compiled under each default so that no cached table hides a difference.
        CoverageCalendar copy = new CoverageCalendar(cal.zone(), cal.periods(), cal.holidays(), cal.alwaysOn());
        TimeZone saved = TimeZone.getDefault();
        Instant underOther;
        Duration betweenUnderOther;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(otherDefault));
            underOther = addOrConfirmRefusal(copy, start, amount);
            betweenUnderOther = BusinessTime.businessTimeBetween(copy, start, start.plus(amount));
        } finally {
            TimeZone.setDefault(saved);
        }
        assertThat(addOrConfirmRefusal(cal, start, amount)).isEqualTo(underOther);
        assertThat(BusinessTime.businessTimeBetween(cal, start, start.plus(amount))).isEqualTo(betweenUnderOther);
    }

    /** The due instant, or null if the calendar refused, which it may only do if it really lacks the coverage. */
    static Instant addOrConfirmRefusal(CoverageCalendar cal, Instant start, Duration amount) {
        try {
            return BusinessTime.addBusinessTime(cal, start, amount);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("within " + BusinessTime.SEARCH_HORIZON_YEARS + " years");
            Instant horizon = start.atZone(cal.zone()).plusYears(BusinessTime.SEARCH_HORIZON_YEARS).toInstant();
            assertThat(BusinessTime.businessTimeBetween(cal, start, horizon)).isLessThan(amount);
            return null;
        }
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    @Provide
    Arbitrary<Instant> instants() {
        long from = Instant.parse("2025-06-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2027-06-01T00:00:00Z").getEpochSecond();
        return Combinators.combine(Arbitraries.longs().between(from, to), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Duration> amounts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10 * 24 * 60).map(Duration::ofMinutes),
                Arbitraries.longs().between(0, 3 * 24 * 3600L * 1_000_000_000L).map(Duration::ofNanos));
    }

    @Provide
    Arbitrary<CoverageCalendar> calendars() {
        Arbitrary<WorkingPeriod> period = Combinators.combine(
                Arbitraries.of(DayOfWeek.class),
                Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.ofSecondOfDay(q * 900L)),
                Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.ofSecondOfDay(q * 900L)))
                .as(WorkingPeriod::new);
        Arbitrary<Holiday> holiday = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 364).map(d -> Holiday.once("once", LocalDate.of(2026, 1, 1).plusDays(d))),
                Arbitraries.integers().between(0, 365).map(d -> Holiday.yearly("yearly", MonthDay.from(LocalDate.of(2028, 1, 1).plusDays(d)))));
        return Combinators.combine(zones(), period.list().ofMinSize(1).ofMaxSize(8), holiday.list().ofMaxSize(12))
                .as((zone, periods, holidays) -> new CoverageCalendar(zone, periods, holidays, false));
    }
}
