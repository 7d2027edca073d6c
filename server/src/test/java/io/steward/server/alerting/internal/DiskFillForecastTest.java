package io.steward.server.alerting.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.server.alerting.ForecastHistory;
import io.steward.server.alerting.internal.DiskFillForecast.DailyMark;
import io.steward.server.alerting.internal.DiskFillForecast.Decision;
import io.steward.server.alerting.internal.DiskFillForecast.Forecast;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fill forecast rule: minimum history, robust slope, clean-ups, and when a service request is raised or settled. */
class DiskFillForecastTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    /** {@code days} daily highs ending today, from {@code start}, moving {@code slope} points a day. */
    static List<DailyMark> line(int days, double start, double slope) {
        List<DailyMark> marks = new ArrayList<>();
        for (int i = days - 1; i >= 0; i--) {
            marks.add(new DailyMark(TODAY.minusDays(i), start + slope * (days - 1 - i)));
        }
        return marks;
    }

    @Test
    void aDiskGrowingTwoPointsADayFromSeventyIsFullInAboutTwoWeeks() {
        // Day -9 at 52 % up to today at 70 %: 30 points to go at 2 a day.
        Forecast f = DiskFillForecast.fit(line(10, 52, 2), TODAY).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(2, within(1e-9));
        assertThat(f.fittedToday()).isCloseTo(70, within(1e-9));
        assertThat(f.fullOn()).isEqualTo(TODAY.plusDays(15));
        assertThat(f.historyDays()).isEqualTo(10);
        assertThat(f.fullWithin(TODAY, 14)).isFalse();
        assertThat(f.fullWithin(TODAY, 15)).isTrue();
        assertThat(f.raisesRequest(TODAY, 14)).isFalse();
        assertThat(f.raisesRequest(TODAY, 15)).isTrue();
        assertThat(DiskFillForecast.fit(line(14, 80, -1), TODAY).orElseThrow().fullOn()).isNull();
    }

    @Test
    void sixDaysAreNotEnoughSevenAre() {
        assertThat(ForecastHistory.MIN_DAYS).isEqualTo(7);
        assertThat(DiskFillForecast.fit(line(6, 60, 5), TODAY)).isEmpty();
        assertThat(DiskFillForecast.historyDays(line(6, 60, 5), TODAY)).isEqualTo(6);
        assertThat(ForecastHistory.notEnough(6)).isEqualTo("not enough data (needs 7 days, has 6)");
        assertThat(DiskFillForecast.fit(line(7, 60, 5), TODAY)).isPresent();
        // Marks of one day (a few minutes of samples) are one day, however many there are.
        List<DailyMark> sameDay = List.of(new DailyMark(TODAY, 10), new DailyMark(TODAY, 11), new DailyMark(TODAY, 12));
        assertThat(DiskFillForecast.fit(sameDay, TODAY)).isEmpty();
        assertThat(DiskFillForecast.historyDays(sameDay, TODAY)).isEqualTo(1);
    }

    @Test
    void onlyTheLastThreeWeeksCount() {
        // Flat for a month, then rising for the last 21 days: the old flat part does not dilute the trend.
        List<DailyMark> marks = new ArrayList<>(line(51, 40, 0).subList(0, 30));
        for (int i = 20; i >= 0; i--) {
            marks.add(new DailyMark(TODAY.minusDays(i), 40 + 2 * (20 - i)));
        }
        Forecast f = DiskFillForecast.fit(marks, TODAY).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(2, within(1e-9));
        assertThat(f.historyDays()).isEqualTo(DiskFillForecast.WINDOW_DAYS);
    }

    @Test
    void aBurstDoesNotTiltTheTrendNorCountAsACleanUp() {
        List<DailyMark> marks = new ArrayList<>(line(14, 60, 1));
        marks.set(9, new DailyMark(marks.get(9).day(), 95));
        Forecast f = DiskFillForecast.fit(marks, TODAY).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(1, within(1e-9));
        assertThat(f.historyDays()).isEqualTo(14);
        assertThat(f.cleanedUp()).isFalse();
    }

    @Test
    void aCleanUpStartsTheHistoryAgain() {
        // Rising to 90 %, cleaned down to 50 % four days ago, rising again.
        List<DailyMark> marks = new ArrayList<>();
        for (int i = 19; i >= 4; i--) {
            marks.add(new DailyMark(TODAY.minusDays(i), 90 - 2 * (i - 4)));
        }
        for (int i = 3; i >= 0; i--) {
            marks.add(new DailyMark(TODAY.minusDays(i), 50 + 2 * (3 - i)));
        }
        assertThat(DiskFillForecast.historyDays(marks, TODAY)).isEqualTo(4);
        assertThat(DiskFillForecast.fit(marks, TODAY)).isEmpty();
        assertThat(DiskFillForecast.decide(Optional.empty(), true, TODAY, 7)).as("the clean-up settles the open request").isEqualTo(Decision.SETTLE);
        // Three days later the trend since the clean-up is long enough again; the disk was cleaned up, so a short horizon.
        List<DailyMark> later = new ArrayList<>(marks);
        for (int i = 1; i <= 3; i++) {
            later.add(new DailyMark(TODAY.plusDays(i), 56 + 2 * i));
        }
        Forecast f = DiskFillForecast.fit(later, TODAY.plusDays(3)).orElseThrow();
        assertThat(f.historyDays()).isEqualTo(7);
        assertThat(f.cleanedUp()).isTrue();
        assertThat(f.slopePerDay()).isCloseTo(2, within(1e-9));
    }

    @Test
    void aDiskCleanedAtARegularIntervalIsExpectedToBeCleanedAgain() {
        // Cleaned every 10 days (days -24, -14 and -4 of today), growing 3 points a day in between.
        List<DailyMark> marks = new ArrayList<>();
        for (int i = 34; i >= 0; i--) {
            marks.add(new DailyMark(TODAY.minusDays(i), 60 + 3 * ((34 - i) % 10)));
        }
        assertThat(DiskFillForecast.nextCleanup(marks, TODAY)).isEqualTo(TODAY.plusDays(6));
        // Too little history since the last one for a forecast; once there is, a fill after the next clean-up asks for nothing.
        assertThat(DiskFillForecast.fit(marks, TODAY)).isEmpty();
        List<DailyMark> later = new ArrayList<>(marks);
        later.add(new DailyMark(TODAY.plusDays(1), 75));
        later.add(new DailyMark(TODAY.plusDays(2), 78));
        Forecast f = DiskFillForecast.fit(later, TODAY.plusDays(2)).orElseThrow();
        assertThat(f.nextCleanup()).isEqualTo(TODAY.plusDays(6));
        assertThat(f.fullOn()).isEqualTo(TODAY.plusDays(10));
        assertThat(f.raisesRequest(TODAY.plusDays(2), 90)).isFalse();
        Forecast before = new Forecast(3, 90, TODAY.plusDays(3), 0, 7, true, TODAY.plusDays(5));
        assertThat(before.raisesRequest(TODAY, 7)).as("full before the next clean-up").isTrue();
        Forecast after = new Forecast(3, 90, TODAY.plusDays(3), 0, 7, true, TODAY.plusDays(3));
        assertThat(after.raisesRequest(TODAY, 7)).as("the clean-up comes first").isFalse();
        // More than two days overdue, the clean-up is no longer counted on.
        assertThat(DiskFillForecast.nextCleanup(later, TODAY.plusDays(9))).isNull();
    }

    @Test
    void scatteredMarksRaiseNoRequest() {
        List<DailyMark> marks = new ArrayList<>();
        for (int i = 13; i >= 0; i--) {
            // A wave of ±4 points around a rising line, never more than 2 points from one day to the next (no clean-up).
            marks.add(new DailyMark(TODAY.minusDays(i), 80 + (13 - i) + new double[] {0, 2, 4, 2, 0, -2, -4, -2}[i % 8]));
        }
        Forecast f = DiskFillForecast.fit(marks, TODAY).orElseThrow();
        assertThat(f.scatter()).isGreaterThan(DiskFillForecast.MAX_SCATTER_POINTS);
        assertThat(f.raisesRequest(TODAY, 90)).isFalse();
    }

    @Test
    void decisions() {
        Forecast soon = DiskFillForecast.fit(line(10, 70, 2), TODAY).orElseThrow();
        assertThat(DiskFillForecast.decide(Optional.of(soon), false, TODAY, 7)).isEqualTo(Decision.RAISE);
        assertThat(DiskFillForecast.decide(Optional.of(soon), true, TODAY, 7)).isEqualTo(Decision.KEEP);
        Forecast flat = DiskFillForecast.fit(line(10, 70, 0), TODAY).orElseThrow();
        assertThat(DiskFillForecast.decide(Optional.of(flat), true, TODAY, 7)).isEqualTo(Decision.SETTLE);
        assertThat(DiskFillForecast.decide(Optional.of(flat), false, TODAY, 7)).isEqualTo(Decision.KEEP);
        assertThat(DiskFillForecast.decide(Optional.empty(), false, TODAY, 7)).isEqualTo(Decision.KEEP);
    }

    @Property
    void neverAForecastFromLessThanTheMinimumHistory(@ForAll @Size(max = 40) List<@DoubleRange(min = 0, max = 100) Double> values,
                                                      @ForAll @IntRange(min = 0, max = 6) int days) {
        // Any number of marks, but on fewer than the minimum number of days.
        List<DailyMark> marks = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            marks.add(new DailyMark(TODAY.minusDays(days == 0 ? 0 : i % days), values.get(i)));
        }
        assertThat(DiskFillForecast.fit(marks, TODAY)).isEmpty();
        assertThat(DiskFillForecast.decide(DiskFillForecast.fit(marks, TODAY), false, TODAY, 90)).isEqualTo(Decision.KEEP);
    }

    @Property
    void aFlatOrShrinkingDiskNeverGetsAFullDate(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0, max = 3) Double> steps,
                                                @ForAll @DoubleRange(min = 0, max = 99) double start) {
        // Never rising from day to day: flat stretches, slow or sudden shrinking (clean-ups).
        List<DailyMark> marks = new ArrayList<>();
        double v = start;
        for (int i = 0; i < steps.size(); i++) {
            marks.add(new DailyMark(TODAY.minusDays(steps.size() - 1 - i), v));
            v = Math.max(0, v - steps.get(i) * steps.get(i) * 3);
        }
        Optional<Forecast> f = DiskFillForecast.fit(marks, TODAY);
        f.ifPresent(forecast -> assertThat(forecast.fullOn()).isNull());
        assertThat(DiskFillForecast.decide(f, false, TODAY, 90)).isEqualTo(Decision.KEEP);
    }

    @Property
    void recoversTheSlopeOfALineAndItsFullDay(@ForAll @IntRange(min = 7, max = 21) int days, @ForAll @DoubleRange(min = 0, max = 90) double start,
                                               @ForAll @DoubleRange(min = 0.05, max = 10) double slope) {
        Forecast f = DiskFillForecast.fit(line(days, start, slope), TODAY).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(slope, within(1e-6));
        double today = start + slope * (days - 1);
        assertThat(f.fittedToday()).isCloseTo(today, within(1e-6));
        assertThat(f.scatter()).isCloseTo(0, within(1e-6));
        if (today >= 100 + 1e-6) {
            assertThat(f.fullOn()).isEqualTo(TODAY);
        } else if (today < 100 - 1e-6) {
            long expected = (long) Math.ceil((100 - today) / slope);
            assertThat(f.fullOn()).isBetween(TODAY.plusDays(expected - 1), TODAY.plusDays(expected + 1));
        }
    }

    @Property
    void orderDoesNotMatter(@ForAll @Size(min = 7, max = 21) List<@DoubleRange(min = 0, max = 100) Double> values) {
        List<DailyMark> marks = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            marks.add(new DailyMark(TODAY.minusDays(values.size() - 1 - i), values.get(i)));
        }
        List<DailyMark> reversed = new ArrayList<>(marks);
        java.util.Collections.reverse(reversed);
        assertThat(DiskFillForecast.fit(reversed, TODAY)).isEqualTo(DiskFillForecast.fit(marks, TODAY));
    }
}
