package io.steward.bench.agents;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricProfileTest {
    /** What the server accepts (TelemetryService): metric names and units. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,99}");
    private static final Set<String> UNITS = Set.of("pct", "bytes", "seconds", "count", "bps", "ms", "custom", "load");

    @Test
    void everyProfileSizeHasExactlyThatManyDistinctValidSeries() {
        for (int m = 1; m <= 400; m++) {
            List<MetricProfile.Series> p = MetricProfile.of(m);
            assertThat(p).hasSize(m);
            Set<String> keys = new HashSet<>();
            for (MetricProfile.Series s : p) {
                assertThat(s.metric()).matches(NAME);
                assertThat(UNITS).contains(s.unit());
                assertThat(s.instance().length()).isLessThanOrEqualTo(255);
                assertThat(keys.add(s.metric() + "|" + s.instance())).as("%s twice in a profile of %d", s, m).isTrue();
            }
        }
    }

    @Test
    void theShareOfBreachingValuesIsTheOneAskedFor() {
        List<MetricProfile.Series> p = MetricProfile.of(100);
        int alertable = (int) p.stream().filter(MetricProfile.Series::alertable).count();
        SimulatedDevice d = new SimulatedDevice(new AgentChannel.Enrolled("d", "APPROVED", null, "h", 30), p,
                Breaches.forShare(0.01, p.size(), alertable, 3), 42);
        int batches = 20_000;
        for (int i = 0; i < batches; i++) {
            d.nextBatch(0, 1);
        }
        double share = d.breachingValues() / (double) (batches * 100L);
        assertThat(share).isBetween(0.009, 0.011);
        assertThat(d.seq()).isEqualTo(batches);
    }

    @Test
    void breachingAndHealthyValuesSitOnTheirSidesOfTheBuiltInThresholds() {
        for (MetricProfile.Series s : MetricProfile.of(100)) {
            if (s.metric().equals("fs.used_pct")) {
                // Built-in: warning above 90 (recovers under 85), critical above 98.
                assertThat(s.breachLow()).isGreaterThan(90);
                assertThat(s.breachHigh()).isLessThanOrEqualTo(98);
                assertThat(s.high()).isLessThan(85);
            }
            if (s.metric().equals("memory.used_pct")) {
                // Built-in: above 97, recovers under 90.
                assertThat(s.breachLow()).isGreaterThan(97);
                assertThat(s.high()).isLessThan(90);
            }
        }
    }
}
