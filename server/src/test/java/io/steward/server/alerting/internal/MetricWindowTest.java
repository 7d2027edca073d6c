package io.steward.server.alerting.internal;

import java.util.List;

import io.steward.server.alerting.Aggregation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The window keeps the samples of its period by sample time and folds them to last, mean or max. */
class MetricWindowTest {

    @Test
    void aggregatesOverTheWindowOnly() {
        MetricWindow w = new MetricWindow(300_000, 512);
        w.add(0, 100);
        w.add(60_000, 50);
        w.add(120_000, 60);
        assertThat(w.aggregate(Aggregation.LAST)).isEqualTo(60);
        assertThat(w.aggregate(Aggregation.MAX)).isEqualTo(100);
        assertThat(w.aggregate(Aggregation.AVG)).isCloseTo(70, within(1e-9));
        w.add(330_000, 10);
        // The sample at 0 fell out of the five minutes before 330 s.
        assertThat(w.aggregate(Aggregation.MAX)).isEqualTo(60);
        assertThat(w.add(100_000, 999)).as("a late sample is ignored").isFalse();
        assertThat(w.aggregate(Aggregation.MAX)).isEqualTo(60);
    }

    @Test
    void aZeroWindowKeepsOnlyTheNewest() {
        MetricWindow w = new MetricWindow(0, 16);
        w.add(1, 5);
        w.add(2, 7);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.aggregate(Aggregation.AVG)).isEqualTo(7);
        assertThat(new MetricWindow(0, 1).aggregate(Aggregation.LAST)).isNaN();
    }

    @Property
    void matchesAPlainComputationOverTheSamplesInTheWindow(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0, max = 100) Double> values,
                                                          @ForAll @IntRange(min = 1, max = 120) int stepSeconds,
                                                          @ForAll @IntRange(min = 0, max = 900) int windowSeconds,
                                                          @ForAll @IntRange(min = 1, max = 64) int capacity) {
        MetricWindow w = new MetricWindow(windowSeconds * 1000L, capacity);
        for (int i = 0; i < values.size(); i++) {
            assertThat(w.add((long) i * stepSeconds * 1000, values.get(i))).isTrue();
        }
        long newest = (long) (values.size() - 1) * stepSeconds * 1000;
        List<Double> expected = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if ((long) i * stepSeconds * 1000 > newest - windowSeconds * 1000L || i == values.size() - 1) {
                expected.add(values.get(i));
            }
        }
        expected = expected.subList(Math.max(0, expected.size() - capacity), expected.size());
        assertThat(w.size()).isEqualTo(expected.size()).isLessThanOrEqualTo(capacity);
        assertThat(w.aggregate(Aggregation.LAST)).isEqualTo(values.getLast());
        assertThat(w.aggregate(Aggregation.MAX)).isEqualTo(expected.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(w.aggregate(Aggregation.AVG)).isCloseTo(expected.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-6));
    }
}
