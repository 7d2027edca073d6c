package io.steward.bench.agents;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamDeviceTest {
    /** What the server accepts (protocol v1 sample rules, kept by v2): metric names and units. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,99}");
    private static final Set<String> UNITS = Set.of("pct", "bytes", "seconds", "count", "bps", "ms", "custom", "load");

    private static StreamDevice device(StreamLoad load, StreamDevice.Values values, double breach, long seed) {
        List<MetricProfile.Series> profile = values == StreamDevice.Values.AGENT ? MetricProfile.of(load.metrics()) : List.of();
        int alertable = (int) profile.stream().filter(MetricProfile.Series::alertable).count();
        Breaches breaches = values == StreamDevice.Values.AGENT ? Breaches.forShare(breach, profile.size(), alertable, 3) : Breaches.none();
        SimulatedDevice d = new SimulatedDevice(new AgentChannel.Enrolled("dev-" + seed, "APPROVED", null, "h", 30), profile, breaches, seed);
        return new StreamDevice(d, load, values, breach, load.seriesColumn(), load.offsetsColumn(), seed);
    }

    @Test
    void uniformBatchesDecodeToTheDeclaredColumnsWithValuesInTheHarnessBandsAndOnePercentBreaching() {
        StreamLoad load = new StreamLoad(10_000, 20, 4.0 / 3, 5, 4);
        StreamDevice d = device(load, StreamDevice.Values.UNIFORM, 0.01, 7);
        double[] scratch = new double[load.samplesPerBatch()];
        long now = 1_800_000_000_000L;
        int batches = 3_000;
        long samples = 0;
        long breaching = 0;
        long lastSeq = 0;
        for (int b = 0; b < batches; b++) {
            byte[] frame = StreamCodec.encode(d.nextBatch(now + b * 6_667L, scratch));
            StreamFrame.Batch batch = (StreamFrame.Batch) StreamCodec.decode(frame);
            assertThat(batch.seq()).isGreaterThan(lastSeq);
            lastSeq = batch.seq();
            assertThat(batch.series()).containsExactly(load.seriesColumn());
            assertThat(batch.offsets()).containsExactly(load.offsetsColumn());
            assertThat(batch.baseAt() + batch.offsets()[batch.size() - 1]).isEqualTo(now + b * 6_667L);
            for (double v : batch.values()) {
                samples++;
                if (v > StreamDevice.HEALTHY_HIGH) {
                    breaching++;
                    assertThat(v).isBetween(StreamDevice.BREACH_LOW, StreamDevice.BREACH_HIGH).isLessThan(StreamDevice.BREACH_HIGH);
                } else {
                    assertThat(v).isGreaterThanOrEqualTo(0).isLessThan(StreamDevice.HEALTHY_HIGH);
                }
            }
        }
        assertThat(samples).isEqualTo(300_000);
        // Binomial, n = 300,000, p = 1 %: the standard deviation is 54 values, so ±300 is more than 5 of them.
        assertThat(breaching).isBetween(2_700L, 3_300L).isEqualTo(d.breachingValues());
    }

    @Test
    void noBreachMeansNoValueAboveNinetyAndAllBreachMeansEveryOne() {
        StreamLoad load = new StreamLoad(1, 20, 1, 10, 1);
        double[] scratch = new double[load.samplesPerBatch()];
        StreamDevice calm = device(load, StreamDevice.Values.UNIFORM, 0, 1);
        StreamDevice burning = device(load, StreamDevice.Values.UNIFORM, 1, 2);
        for (int b = 0; b < 500; b++) {
            for (double v : calm.nextBatch(0, scratch).values()) {
                assertThat(v).isGreaterThanOrEqualTo(0).isLessThan(90);
            }
            for (double v : burning.nextBatch(0, scratch).values()) {
                assertThat(v).isGreaterThanOrEqualTo(90.5).isLessThan(100);
            }
        }
        assertThat(calm.breachingValues()).isZero();
        assertThat(burning.breachingValues()).isEqualTo(500L * 200);
    }

    @Test
    void batchesAndHeartbeatsOfOneDeviceTakeStrictlyIncreasingNumbersFromItsOneCounter() {
        StreamLoad load = new StreamLoad(2, 5, 1, 1, 4);
        double[] scratch = new double[load.samplesPerBatch()];
        StreamDevice a = device(load, StreamDevice.Values.UNIFORM, 0.01, 1);
        StreamDevice b = device(load, StreamDevice.Values.UNIFORM, 0.01, 2);
        long lastA = 0;
        long lastB = 0;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long seqA = a.nextBatch(0, scratch).seq();
            assertThat(seqA).isGreaterThan(lastA);
            assertThat(seen.add(seqA)).isTrue();
            lastA = seqA;
            if (i % 7 == 0) {
                // A v1 heartbeat in between takes the next number; the next batch comes after it.
                String heartbeat = new String(a.device.nextHeartbeat(), java.nio.charset.StandardCharsets.UTF_8);
                long hb = Long.parseLong(heartbeat.replaceAll(".*\"seq\":(\\d+).*", "$1"));
                assertThat(hb).isGreaterThan(lastA);
                assertThat(seen.add(hb)).isTrue();
                lastA = hb;
            }
            long seqB = b.nextBatch(0, scratch).seq();
            assertThat(seqB).isEqualTo(lastB + 1);
            lastB = seqB;
        }
    }

    @Test
    void declarationsAreValidDistinctSeriesNumberedFromZero() {
        for (StreamDevice.Values values : StreamDevice.Values.values()) {
            for (int m : new int[] {1, 20, 30, 100, 400}) {
                List<StreamFrame.SeriesDef> defs = StreamDevice.declarations(values, m);
                assertThat(defs).hasSize(m);
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < m; i++) {
                    StreamFrame.SeriesDef s = defs.get(i);
                    assertThat(s.id()).isEqualTo(i);
                    assertThat(s.metric()).matches(NAME);
                    assertThat(UNITS).contains(s.unit());
                    assertThat(keys.add(s.metric() + "|" + s.instance())).as("%s twice", s).isTrue();
                }
                // The Declare frame the fleet encodes once decodes to the same series.
                StreamFrame.Declare decoded = (StreamFrame.Declare) StreamCodec.decode(StreamCodec.encode(new StreamFrame.Declare(defs)));
                assertThat(decoded.series()).isEqualTo(defs);
            }
        }
        assertThat(StreamDevice.declarations(StreamDevice.Values.UNIFORM, 20)).allSatisfy(s -> assertThat(s.metric()).isEqualTo("fs.used_pct"));
    }

    @Test
    void agentProfileValuesAreFiniteAndSomeBreachAtTheAskedShare() {
        StreamLoad load = new StreamLoad(1, 30, 60, 1, 4);
        StreamDevice d = device(load, StreamDevice.Values.AGENT, 0.01, 3);
        double[] scratch = new double[load.samplesPerBatch()];
        for (int b = 0; b < 10_000; b++) {
            for (double v : d.nextBatch(0, scratch).values()) {
                assertThat(Double.isFinite(v)).isTrue();
            }
        }
        // 300,000 values, 1 % asked: breaches come in runs of 3 rounds, so the count varies more than a binomial's.
        assertThat(d.breachingValues()).isBetween(2_000L, 4_000L);
    }

    @Test
    void makingAFrameCostsLittleCpuPerSample() {
        StreamLoad load = new StreamLoad(10_000, 20, 4.0 / 3, 5, 4);
        StreamDevice d = device(load, StreamDevice.Values.UNIFORM, 0.01, 11);
        double[] scratch = new double[load.samplesPerBatch()];
        long bytes = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            bytes += StreamCodec.encode(d.nextBatch(warm, scratch)).length;
        }
        int batches = 50_000;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            bytes += StreamCodec.encode(d.nextBatch(b, scratch)).length;
        }
        double nsPerSample = (System.nanoTime() - start) / (double) batches / load.samplesPerBatch();
        System.out.printf("frame building: %.0f ns per sample, %.1f bytes per sample%n", nsPerSample, bytes / (70_000.0 * 100));
        // A loose bound only (a shared machine): far under the ~2 µs per value Zabbix's generator spends.
        assertThat(nsPerSample).isLessThan(2_000);
        assertThat(bytes).isPositive();
    }
}
