package io.steward.bench.forecast;

import java.util.Arrays;
import java.util.List;

import io.steward.bench.forecast.SyntheticFleet.Disk;
import io.steward.bench.forecast.SyntheticFleet.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's generator and its scoring arithmetic (not the forecast's targets: those are measured, in BENCHMARKS.md). */
class ForecastReplayTest {

    @Test
    void theSameSeedGivesTheSameFleetOfFiveShapes() {
        List<Disk> a = SyntheticFleet.generate(7, 100, 30);
        List<Disk> b = SyntheticFleet.generate(7, 100, 30);
        assertThat(a).hasSize(100);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).hourly()).containsExactly(b.get(i).hourly());
        }
        assertThat(Arrays.equals(a.get(0).hourly(), SyntheticFleet.generate(8, 100, 30).get(0).hourly())).isFalse();
        for (Shape shape : Shape.values()) {
            assertThat(a.stream().filter(d -> d.shape() == shape)).hasSize(20);
        }
        assertThat(a).allSatisfy(d -> {
            assertThat(d.hourly()).hasSize(30 * 24);
            assertThat(Arrays.stream(d.hourly()).allMatch(v -> v >= 0 && v <= 100)).isTrue();
        });
        assertThat(a.stream().filter(d -> d.shape() == Shape.FLAT)).allMatch(d -> d.fullDay() < 0);
    }

    @Test
    void dailyHighsAndTheFullDayComeFromTheHours() {
        double[] hours = new double[3 * 24];
        Arrays.fill(hours, 50);
        hours[5] = 61;
        hours[24 + 23] = 72;
        hours[48 + 10] = 100;
        Disk disk = new Disk(0, Shape.STEADY, hours);
        assertThat(disk.dailyHighs()).containsExactly(61, 72, 100);
        assertThat(disk.fullDay()).isEqualTo(2);
        assertThat(new Disk(1, Shape.FLAT, new double[24]).fullDay()).isEqualTo(-1);
    }

    /** A disk rising 2 points a day from 40 % over 40 days: full on day 30. */
    private static Disk risingTwoADay(int id) {
        double[] hours = new double[40 * 24];
        for (int h = 0; h < hours.length; h++) {
            hours[h] = Math.min(100, 40 + 2 * h / 24.0);
        }
        return new Disk(id, Shape.STEADY, hours);
    }

    @Test
    void aSteadyDiskIsWarnedInTimeByOneRequest() {
        Disk disk = risingTwoADay(0);
        assertThat(disk.fullDay()).isEqualTo(30);
        List<ForecastReplay.Request> requests = ForecastReplay.replay(disk, 7);
        assertThat(requests).hasSize(1);
        ForecastReplay.Request r = requests.getFirst();
        assertThat(r.settledDay()).isEqualTo(-1);
        assertThat(r.raisedDay()).isBetween(22, 27);
        assertThat(r.predictedFullDay()).isBetween(29, 31);
        ForecastReplay.Score s = ForecastReplay.score(List.of(disk), 7);
        assertThat(s.fills()).isEqualTo(1);
        assertThat(s.warnedFills()).isEqualTo(1);
        assertThat(s.requests()).isEqualTo(1);
        assertThat(s.falseRequests()).isZero();
        assertThat(s.warnedShare()).isEqualTo(1.0);
        assertThat(s.falseShare()).isEqualTo(0.0);
    }

    @Test
    void aDiskCleanedUpAfterItsRequestCountsAsAFalseRequest() {
        Disk disk = risingTwoADay(0);
        double[] hours = disk.hourly().clone();
        // Cleaned down by 50 points on day 28, two days before it would have filled; then it grows on to 70 % by day 40.
        for (int h = 28 * 24; h < hours.length; h++) {
            hours[h] = 40 + 2 * h / 24.0 - 50;
        }
        Disk cleaned = new Disk(0, Shape.CLEANUP, hours);
        assertThat(cleaned.fullDay()).isEqualTo(-1);
        ForecastReplay.Score s = ForecastReplay.score(List.of(cleaned, new Disk(1, Shape.FLAT, new double[40 * 24])), 7);
        assertThat(s.fills()).isZero();
        assertThat(s.warnedShare()).isNaN();
        assertThat(s.requests()).isEqualTo(1);
        assertThat(s.unknownRequests()).isZero();
        assertThat(s.falseRequests()).isEqualTo(1);
        assertThat(s.falseShare()).isEqualTo(1.0);
        assertThat(s.byShape().get(Shape.CLEANUP)).containsExactly(1, 0, 0, 1, 1);
        assertThat(s.byShape().get(Shape.FLAT)).containsExactly(1, 0, 0, 0, 0);
    }

    @Test
    void aRequestWhoseWindowOutlastsTheReplayIsUnknown() {
        // Full on day 30, but the replay ends after 29 days: the request's outcome is not known.
        double[] hours = Arrays.copyOf(risingTwoADay(0).hourly(), 29 * 24);
        ForecastReplay.Score s = ForecastReplay.score(List.of(new Disk(0, Shape.STEADY, hours)), 7);
        assertThat(s.requests()).isEqualTo(1);
        assertThat(s.unknownRequests()).isEqualTo(1);
        assertThat(s.falseRequests()).isZero();
        assertThat(s.falseShare()).isNaN();
    }

    @Test
    void mediansOfSeeds() {
        assertThat(ForecastCommand.median(List.of(0.3, 0.1, 0.2))).isEqualTo(0.2);
        assertThat(ForecastCommand.median(List.of(0.4, 0.1, 0.2, 0.3))).isEqualTo(0.25);
    }
}
