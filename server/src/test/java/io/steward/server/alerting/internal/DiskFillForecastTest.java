package io.steward.server.alerting.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.alerting.internal.DiskFillForecast.DailyMark;
import io.steward.server.alerting.internal.DiskFillForecast.Forecast;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Least squares over daily highs: slope, the day the line reaches 100 %, and nothing from too little data. */
class DiskFillForecastTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

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
        assertThat(f.fullWithin(TODAY, 14)).isFalse();
        assertThat(f.fullWithin(TODAY, 15)).isTrue();
        assertThat(DiskFillForecast.fit(line(2, 90, 5), TODAY)).as("two days are not a trend").isEmpty();
        assertThat(DiskFillForecast.fit(line(14, 80, -1), TODAY).orElseThrow().fullOn()).isNull();
    }

    @Property
    void recoversTheSlopeOfALineAndItsFullDay(@ForAll @IntRange(min = 3, max = 14) int days, @ForAll @DoubleRange(min = 0, max = 90) double start,
                                               @ForAll @DoubleRange(min = 0.05, max = 10) double slope) {
        List<DailyMark> marks = line(days, start, slope);
        Forecast f = DiskFillForecast.fit(marks, TODAY).orElseThrow();
        assertThat(f.slopePerDay()).isCloseTo(slope, within(1e-6));
        double today = start + slope * (days - 1);
        assertThat(f.fittedToday()).isCloseTo(today, within(1e-6));
        if (today >= 100 + 1e-6) {
            assertThat(f.fullOn()).isEqualTo(TODAY);
        } else if (today < 100 - 1e-6) {
            long expected = (long) Math.ceil((100 - today) / slope);
            assertThat(f.fullOn()).isBetween(TODAY.plusDays(expected - 1), TODAY.plusDays(expected + 1));
        }
    }

    @Property
    void aFlatOrFallingTrendPredictsNothingAndOrderDoesNotMatter(@ForAll @IntRange(min = 3, max = 14) int days,
                                                                  @ForAll @DoubleRange(min = 0, max = 99) double start,
                                                                  @ForAll @DoubleRange(min = -5, max = 0) double slope) {
        List<DailyMark> marks = line(days, start, slope);
        List<DailyMark> reversed = new ArrayList<>(marks);
        java.util.Collections.reverse(reversed);
        Forecast f = DiskFillForecast.fit(marks, TODAY).orElseThrow();
        assertThat(f.fullOn()).isNull();
        assertThat(DiskFillForecast.fit(reversed, TODAY).orElseThrow().slopePerDay()).isCloseTo(f.slopePerDay(), within(1e-9));
    }
}
