package io.steward.server.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.reporting.AvailabilityArithmetic.Interval;
import io.steward.server.reporting.AvailabilityArithmetic.Result;
import io.steward.server.shared.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report's domain rules on their own: availability arithmetic, verdicts, downtime cost, disk forecast, periods. */
class ReportRulesTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-04-01T00:00:00Z");

    private static Interval iv(String from, String to) {
        return new Interval(Instant.parse(from), to == null ? null : Instant.parse(to));
    }

    @Test
    void downtimeInsideMaintenanceDoesNotCountAndMonitoringStartsAtApproval() {
        Result r = AvailabilityArithmetic.measure(START, END, Instant.parse("2026-03-02T00:00:00Z"),
                List.of(iv("2026-03-10T10:00:00Z", "2026-03-10T12:00:00Z"), iv("2026-03-11T10:30:00Z", "2026-03-11T11:30:00Z"),
                        iv("2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z")),
                List.of(iv("2026-03-11T11:00:00Z", "2026-03-11T13:00:00Z")));
        // 30 days monitored less the 2 h window; down: 2 h + 30 min + the day after approval.
        assertThat(r.monitoredSeconds()).isEqualTo(30L * 86400 - 7200);
        assertThat(r.downSeconds()).isEqualTo(7200 + 1800 + 86400);
        assertThat(r.downMinutes()).isEqualTo(1590);
        assertThat(r.availabilityPct()).isEqualTo(96.309);
    }

    @Test
    void anOpenOutageRunsToThePeriodsEndAndNothingMonitoredHasNoAvailability() {
        Result r = AvailabilityArithmetic.measure(START, END, null, List.of(iv("2026-03-31T00:00:00Z", null)), List.of());
        assertThat(r.downSeconds()).isEqualTo(86400);
        assertThat(AvailabilityArithmetic.measure(START, END, END, List.of(), List.of()).availabilityPct()).isNull();
        assertThat(AvailabilityArithmetic.measure(START, END, null, List.of(), List.of(iv("2026-02-01T00:00:00Z", "2026-05-01T00:00:00Z")))
                .monitoredSeconds()).isZero();
    }

    @Provide
    Arbitrary<List<Interval>> intervals() {
        Arbitrary<Interval> one = Combinators.combine(Arbitraries.longs().between(-5 * 86400, 35 * 86400), Arbitraries.longs().between(1, 10 * 86400),
                Arbitraries.of(true, false, false, false)).as((s, len, open) -> new Interval(START.plusSeconds(s), open ? null : START.plusSeconds(s + len)));
        return one.list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void downNeverExceedsMonitoredAndMonitoredNeverExceedsThePeriod(@ForAll("intervals") List<Interval> outages,
                                                                      @ForAll("intervals") List<Interval> windows,
                                                                      @ForAll @LongRange(min = -86400, max = 40 * 86400) long since) {
        List<Interval> closedWindows = windows.stream().map(w -> w.end() == null ? new Interval(w.start(), w.start().plusSeconds(3600)) : w).toList();
        Result r = AvailabilityArithmetic.measure(START, END, START.plusSeconds(since), outages, closedWindows);
        assertThat(r.downSeconds()).isBetween(0L, r.monitoredSeconds());
        assertThat(r.monitoredSeconds()).isBetween(0L, 31L * 86400);
        if (r.availabilityPct() != null) {
            assertThat(r.availabilityPct()).isBetween(0.0, 100.0);
        }
    }

    @Property(tries = 300)
    void orderAndDuplicatesOfOutagesDoNotMatter(@ForAll("intervals") List<Interval> outages) {
        List<Interval> shuffled = new ArrayList<>(outages);
        java.util.Collections.reverse(shuffled);
        shuffled.addAll(outages);
        assertThat(AvailabilityArithmetic.measure(START, END, null, shuffled, List.of()))
                .isEqualTo(AvailabilityArithmetic.measure(START, END, null, outages, List.of()));
    }

    @Property(tries = 300)
    void moreMaintenanceNeverAddsDowntime(@ForAll("intervals") List<Interval> outages, @ForAll @LongRange(min = 0, max = 30 * 86400) long at,
                                          @ForAll @LongRange(min = 1, max = 86400) long length) {
        Interval window = new Interval(START.plusSeconds(at), START.plusSeconds(at + length));
        Result without = AvailabilityArithmetic.measure(START, END, null, outages, List.of());
        Result with = AvailabilityArithmetic.measure(START, END, null, outages, List.of(window));
        assertThat(with.downSeconds()).isLessThanOrEqualTo(without.downSeconds());
        assertThat(with.monitoredSeconds()).isEqualTo(without.monitoredSeconds() - Math.min(length, 31L * 86400 - at));
    }

    @Test
    void verdictsSayMetOrMissedAndByHowMuch() {
        assertThat(TargetVerdict.of(97.5, 95.0).sentence()).isEqualTo("met by 2.50 points");
        assertThat(TargetVerdict.of(95.0, 95.0).outcome()).isEqualTo(TargetVerdict.Outcome.MET);
        assertThat(TargetVerdict.of(91.0, 95.0).sentence()).isEqualTo("missed by 4.00 points");
        assertThat(TargetVerdict.of(null, 95.0).outcome()).isEqualTo(TargetVerdict.Outcome.NO_DATA);
        assertThat(TargetVerdict.of(99.0, null).outcome()).isEqualTo(TargetVerdict.Outcome.NO_TARGET);
        assertThat(TargetVerdict.percent(2, 1)).isEqualTo(66.67);
        assertThat(TargetVerdict.percent(0, 0)).isNull();
    }

    @Property(tries = 500)
    void aVerdictIsMetExactlyWhenTheShareReachesTheTarget(@ForAll @IntRange(min = 0, max = 10_000) int good,
                                                         @ForAll @IntRange(min = 0, max = 10_000) int bad,
                                                         @ForAll @IntRange(min = 1, max = 10_000) int targetHundredths) {
        Double pct = TargetVerdict.percent(good, bad);
        TargetVerdict v = TargetVerdict.of(pct, targetHundredths / 100.0);
        if (pct == null) {
            assertThat(v.outcome()).isEqualTo(TargetVerdict.Outcome.NO_DATA);
            return;
        }
        assertThat(pct).isBetween(0.0, 100.0);
        assertThat(v.outcome() == TargetVerdict.Outcome.MET).isEqualTo(pct >= targetHundredths / 100.0);
        assertThat(v.marginPoints() >= 0).isEqualTo(v.outcome() == TargetVerdict.Outcome.MET);
    }

    @Test
    void downtimeCostIsMinutesTimesTheHourlyRate() {
        assertThat(DowntimeCost.of(150, new BigDecimal("600"))).isEqualByComparingTo("1500.00");
        assertThat(DowntimeCost.of(1, new BigDecimal("100"))).isEqualByComparingTo("1.67");
        assertThat(DowntimeCost.of(10, null)).isNull();
        assertThatThrownBy(() -> DowntimeCost.of(-1, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void costGrowsWithDowntime(@ForAll @LongRange(min = 0, max = 1_000_000) long minutes, @ForAll @IntRange(min = 0, max = 100_000) int rate) {
        BigDecimal a = DowntimeCost.of(minutes, BigDecimal.valueOf(rate));
        BigDecimal b = DowntimeCost.of(minutes + 60, BigDecimal.valueOf(rate));
        assertThat(b.subtract(a)).isEqualByComparingTo(BigDecimal.valueOf(rate));
    }

    @Test
    void diskForecasts() {
        ZoneId utc = ZoneId.of("UTC");
        Instant at = Instant.parse("2026-03-30T00:00:00Z");
        assertThat(DiskFullForecast.fullOn(64.5, at, 0.5, 30, utc)).isEqualTo(LocalDate.of(2026, 6, 9));
        assertThat(DiskFullForecast.fullOn(64.5, at, 0, 30, utc)).isNull();
        assertThat(DiskFullForecast.fullOn(100, at, -1, 30, utc)).isEqualTo(LocalDate.of(2026, 3, 30));
        assertThat(DiskFullForecast.fullOn(1, at, 0.0001, 30, utc)).isNull();
        assertThat(DiskFullForecast.describe(LocalDate.of(2026, 6, 9), 30)).isEqualTo("2026-06-09");
        assertThat(DiskFullForecast.describe(null, 30)).isEqualTo("not within 10 years");
    }

    @Test
    void twelveMinutesOfDiskDataGiveNoDate() {
        // The walk-through's case: a disk measured for 12 minutes, rising fast, was "full on 2026-12-24".
        Instant at = Instant.parse("2026-12-06T10:12:00Z");
        double twelveMinutes = 12 / 1440.0;
        assertThat(DiskFullForecast.fullOn(80, at, 1.1, twelveMinutes, ZoneId.of("UTC"))).isNull();
        assertThat(DiskFullForecast.describe(null, twelveMinutes)).isEqualTo("not enough data (needs 7 days, has 0)");
        assertThat(DiskFullForecast.fullOn(80, at, 1.1, 6.4, ZoneId.of("UTC"))).as("six days and a bit").isNull();
        assertThat(DiskFullForecast.describe(null, 6.4)).isEqualTo("not enough data (needs 7 days, has 6)");
        assertThat(DiskFullForecast.fullOn(80, at, 1.1, 6.6, ZoneId.of("UTC"))).isEqualTo(LocalDate.of(2026, 12, 24));
    }

    @Property
    void noDateFromLessThanTheMinimumHistory(@ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 6.49) double spanDays,
                                             @ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 100) double used,
                                             @ForAll @net.jqwik.api.constraints.DoubleRange(min = -5, max = 50) double growth) {
        assertThat(DiskFullForecast.fullOn(used, Instant.parse("2026-03-30T00:00:00Z"), growth, spanDays, ZoneId.of("UTC"))).isNull();
        assertThat(DiskFullForecast.describe(null, spanDays)).startsWith("not enough data (needs 7 days, has ");
    }

    @Test
    void periodsFollowTheClientsZoneAndRefuseWhatCannotBeReported() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        Instant created = Instant.parse("2025-06-15T00:00:00Z");
        ReportPeriod march = ReportPeriod.of("2026-03", ZoneId.of("Europe/Berlin"), created, now);
        assertThat(march.from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(march.partial()).isFalse();
        assertThat(march.trailing(6).getFirst()).isEqualTo(YearMonth.of(2025, 10));
        ReportPeriod running = ReportPeriod.of("2026-11", ZoneId.of("UTC"), created, now);
        assertThat(running.partial()).isTrue();
        assertThat(running.asOf()).isEqualTo(now);
        assertThat(ReportPeriod.of("2025-06", ZoneId.of("UTC"), created, now).from()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        for (String bad : List.of("2026-12", "2025-05", "2026-00", "26-03", "2026/03", "")) {
            assertThatThrownBy(() -> ReportPeriod.of(bad, ZoneId.of("UTC"), created, now)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Property(tries = 300)
    void everyReportableMonthIsNonEmptyAndEndsByNow(@ForAll @IntRange(min = 2000, max = 2030) int year, @ForAll @IntRange(min = 1, max = 12) int month,
                                                   @ForAll("zones") String zone) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        try {
            ReportPeriod p = ReportPeriod.of(YearMonth.of(year, month).toString(), ZoneId.of(zone), Instant.parse("2001-01-01T00:00:00Z"), now);
            assertThat(p.from()).isBefore(p.asOf());
            assertThat(p.asOf()).isBeforeOrEqualTo(now).isBeforeOrEqualTo(p.to());
        } catch (InvalidInputException refused) {
            assertThat(YearMonth.of(year, month).atDay(1).atStartOfDay(ZoneId.of(zone)).toInstant().isBefore(now)
                    && YearMonth.of(year, month).plusMonths(1).atDay(1).atStartOfDay(ZoneId.of(zone)).toInstant().isAfter(Instant.parse("2001-01-01T00:00:00Z")))
                    .isFalse();
        }
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata");
    }

    @Test
    void theScheduleStoresThePreviousMonthFromTheConfiguredDayAndHourInTheClientsZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        var due = (java.util.function.Function<String, YearMonth>) t ->
                io.steward.server.reporting.internal.MonthlyReportSchedule.MonthlyReportScheduler.dueMonth(Instant.parse(t), berlin, 2, 6);
        assertThat(due.apply("2026-04-02T03:59:00Z")).isNull();
        assertThat(due.apply("2026-04-02T04:00:00Z")).isEqualTo(YearMonth.of(2026, 3));
        assertThat(due.apply("2026-04-30T21:59:00Z")).isEqualTo(YearMonth.of(2026, 3));
        assertThat(due.apply("2026-01-05T00:00:00Z")).isEqualTo(YearMonth.of(2025, 12));
    }
}
