package io.steward.server.patching;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The patch rules as plain classes: the security deadline, the standard cycle day, compliance. */
class PatchRulesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void anUpdateIsOverdueOnlyAfterItsDeadlinePassed() {
        Instant firstSeen = Instant.parse("2026-02-27T23:30:00Z");
        assertThat(new SecurityDeadline(at("2026-03-13T23:30:00Z")).overdue(firstSeen, 14)).as("exactly at the deadline").isFalse();
        assertThat(new SecurityDeadline(at("2026-03-13T23:30:01Z")).overdue(firstSeen, 14)).isTrue();
        assertThat(new SecurityDeadline(at("2026-03-13T23:30:01Z")).ageDays(firstSeen)).isEqualTo(14);
        assertThat(new SecurityDeadline(at("2026-02-27T23:00:00Z")).ageDays(firstSeen)).as("an agent ahead of us").isZero();
    }

    @Property
    void overdueExactlyWhenOlderThanTheDeadline(@ForAll @LongRange(min = 0, max = 400L * 86_400) long ageSeconds, @ForAll @IntRange(min = 1, max = 365) int days) {
        Instant now = Instant.parse("2026-12-31T23:59:59Z");
        SecurityDeadline d = new SecurityDeadline(Clock.fixed(now, ZoneOffset.UTC));
        Instant firstSeen = now.minusSeconds(ageSeconds);
        assertThat(d.overdue(firstSeen, days)).isEqualTo(ageSeconds > days * 86_400L);
        assertThat(d.overdue(firstSeen, days)).isEqualTo(firstSeen.isBefore(d.overdueBefore(days)));
        assertThat(d.ageDays(firstSeen)).isEqualTo(ageSeconds / 86_400);
    }

    @Test
    void theSecondTuesdayPlusOffsets() {
        assertThat(PatchCycle.cycleDay(YearMonth.of(2026, 12), 2, DayOfWeek.TUESDAY, 0)).isEqualTo(LocalDate.of(2026, 12, 8));
        assertThat(PatchCycle.cycleDay(YearMonth.of(2026, 12), 2, DayOfWeek.TUESDAY, 7)).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(PatchCycle.cycleDay(YearMonth.of(2026, 12), 5, DayOfWeek.THURSDAY, 3)).as("last Thursday + 3 crosses the year")
                .isEqualTo(LocalDate.of(2027, 1, 3));
        assertThatThrownBy(() -> PatchCycle.cycleDay(YearMonth.of(2026, 12), 0, DayOfWeek.MONDAY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNextCycleIsTodayOnItsDayInTheClientsZoneAndCountsAnOffsetFromLastMonth() {
        // 2026-12-08 is the second Tuesday; at 23:30 UTC on the 7th it is already the 8th in Berlin.
        assertThat(new PatchCycle(at("2026-12-07T23:30:00Z")).next(BERLIN, 2, DayOfWeek.TUESDAY, 0)).isEqualTo(LocalDate.of(2026, 12, 8));
        assertThat(new PatchCycle(at("2026-12-07T22:30:00Z")).next(ZoneOffset.UTC, 2, DayOfWeek.TUESDAY, 0)).isEqualTo(LocalDate.of(2026, 12, 8));
        assertThat(new PatchCycle(at("2026-12-09T12:00:00Z")).next(BERLIN, 2, DayOfWeek.TUESDAY, 0)).isEqualTo(LocalDate.of(2027, 1, 12));
        // Last Thursday of December + 3 is 3 January: on New Year's Day that is the next one, not February's.
        assertThat(new PatchCycle(at("2027-01-01T00:00:00Z")).next(BERLIN, 5, DayOfWeek.THURSDAY, 3)).isEqualTo(LocalDate.of(2027, 1, 3));
    }

    @Test
    void aMissedCycleDayStartsLateWithinTheCatchUpButNotForADayBeforeThePolicy() {
        // 2026-12-08 is the second Tuesday; two days later Steward runs again.
        PatchCycle late = new PatchCycle(at("2026-12-10T09:00:00Z"));
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 3, null)).contains(LocalDate.of(2026, 12, 8));
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 2, Instant.parse("2026-11-02T10:00:00Z"))).contains(LocalDate.of(2026, 12, 8));
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 1, null)).as("past the catch-up").isEmpty();
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 3, Instant.parse("2026-12-09T10:00:00Z"))).as("the policy came after the day").isEmpty();
        // The day in the client's zone decides: 23:30 UTC on the 8th is already the 9th in Berlin, 22:30 UTC still the 8th.
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 3, Instant.parse("2026-12-08T23:30:00Z"))).isEmpty();
        assertThat(late.due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 3, Instant.parse("2026-12-08T22:30:00Z"))).contains(LocalDate.of(2026, 12, 8));
        assertThat(new PatchCycle(at("2026-12-08T09:00:00Z")).due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 0, null)).as("on the day, without catch-up")
                .contains(LocalDate.of(2026, 12, 8));
        assertThat(new PatchCycle(at("2026-12-07T09:00:00Z")).due(BERLIN, 2, DayOfWeek.TUESDAY, 0, 14, null)).as("November's was four weeks ago")
                .isEmpty();
        // Last Thursday of December + 3 is 3 January: on the 4th that is the latest, not January's own (February 1st).
        assertThat(new PatchCycle(at("2027-01-04T12:00:00Z")).latest(BERLIN, 5, DayOfWeek.THURSDAY, 3)).isEqualTo(LocalDate.of(2027, 1, 3));
    }

    @Property
    void theLatestCycleDayIsNeverAfterTodayAndNoCycleDayLiesBetween(@ForAll @LongRange(min = 0, max = 3650) long dayOffset,
                                                                    @ForAll @IntRange(min = 1, max = 5) int week,
                                                                    @ForAll @IntRange(min = 1, max = 7) int weekday,
                                                                    @ForAll @IntRange(min = 0, max = 27) int offset,
                                                                    @ForAll @IntRange(min = 0, max = 14) int catchUp) {
        Instant now = Instant.parse("2024-01-01T10:00:00Z").plus(Duration.ofDays(dayOffset));
        LocalDate today = LocalDate.ofInstant(now, BERLIN);
        PatchCycle cycle = new PatchCycle(Clock.fixed(now, ZoneOffset.UTC));
        LocalDate latest = cycle.latest(BERLIN, week, DayOfWeek.of(weekday), offset);
        assertThat(latest).isBeforeOrEqualTo(today).isAfter(today.minusDays(62));
        for (int m = -3; m <= 2; m++) {
            LocalDate other = PatchCycle.cycleDay(YearMonth.from(today).plusMonths(m), week, DayOfWeek.of(weekday), offset);
            assertThat(other.isAfter(today) || !other.isAfter(latest)).as("cycle day " + other + " between " + latest + " and today").isTrue();
        }
        // Due exactly when the latest day is within the catch-up; on the day itself always.
        assertThat(cycle.due(BERLIN, week, DayOfWeek.of(weekday), offset, catchUp, null).isPresent()).isEqualTo(!latest.isBefore(today.minusDays(catchUp)));
        if (latest.equals(today)) {
            assertThat(cycle.due(BERLIN, week, DayOfWeek.of(weekday), offset, 0, now)).contains(today);
        }
    }

    @Property
    void theNextCycleIsNeverBeforeTodayAndNoCycleDayLiesBetween(@ForAll @LongRange(min = 0, max = 3650) long dayOffset,
                                                                @ForAll @IntRange(min = 1, max = 5) int week, @ForAll @IntRange(min = 1, max = 7) int weekday,
                                                                @ForAll @IntRange(min = 0, max = 27) int offset) {
        Instant now = Instant.parse("2024-01-01T10:00:00Z").plus(Duration.ofDays(dayOffset));
        LocalDate today = LocalDate.ofInstant(now, BERLIN);
        LocalDate next = new PatchCycle(Clock.fixed(now, ZoneOffset.UTC)).next(BERLIN, week, DayOfWeek.of(weekday), offset);
        assertThat(next).isAfterOrEqualTo(today);
        assertThat(next).isBefore(today.plusDays(62));
        for (int m = -2; m <= 2; m++) {
            LocalDate other = PatchCycle.cycleDay(YearMonth.from(today).plusMonths(m), week, DayOfWeek.of(weekday), offset);
            assertThat(other.isBefore(today) || !other.isBefore(next)).as("cycle day " + other + " between today and " + next).isTrue();
        }
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.of(weekday).plus(offset));
    }

    @Test
    void complianceIsTheShareOfScannedDevices() {
        assertThat(Compliance.of(0, 0, 3).percent()).as("nothing scanned: nothing to measure").isNull();
        assertThat(Compliance.of(2, 3, 1).percent()).isEqualTo(66);
        assertThat(Compliance.of(3, 3, 0).percent()).isEqualTo(100);
        assertThatThrownBy(() -> Compliance.of(4, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void hundredPercentOnlyWhenEveryScannedDeviceComplies(@ForAll @IntRange(min = 0, max = 100_000) int scanned,
                                                          @ForAll @IntRange(min = 0, max = 100_000) int compliantSeed) {
        if (scanned == 0) {
            return;
        }
        int compliant = compliantSeed % (scanned + 1);
        Compliance c = Compliance.of(compliant, scanned, 0);
        assertThat(c.percent()).isBetween(0, 100);
        assertThat(c.percent() == 100).isEqualTo(compliant == scanned);
        assertThat(c.percent() == 0).isEqualTo(compliant * 100L < scanned);
    }
}
