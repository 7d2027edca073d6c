package io.steward.bench.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.steward.protocol.stream.StreamFrame;

/**
 * One simulated agent's batches on the stream. Identity and sequence counter are its {@link SimulatedDevice}'s (the
 * same counter numbers its v1 heartbeats, as the real agent numbers all its messages from one counter). The series and
 * offsets columns are the same for every batch of the fleet and are built once ({@link StreamLoad}); a batch only draws
 * its values into a scratch column the caller owns and encodes, so there is no object per sample.
 *
 * <p>Two ways to draw values ({@code --values}):
 * <ul>
 * <li>{@link Values#UNIFORM}, the load of the Zabbix harness (shared/bench/zabbix): every series a file system's used
 * % ({@code fs.used_pct}, instance {@code /bench/m01…}), so the built-in "above 90 %" policy watches every series as a
 * {@code last()>90} trigger watches every Zabbix item; values uniform in [0, 90), a share {@code breach} of them in
 * [90.5, 100) like the harness's generator; each value is one draw of a SplittableRandom.</li>
 * <li>{@link Values#AGENT}, the v1 simulator's profile ({@link MetricProfile}): named series walking within plausible
 * bounds, breaches of a few rounds on the alertable ones ({@link Breaches}).</li>
 * </ul>
 * Used by one thread at a time (the fleet's scheduler); the sequence counter is safe to share.
 */
final class StreamDevice {

    enum Values {
        UNIFORM, AGENT;

        static Values parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    static final String UNIFORM_METRIC = "fs.used_pct";
    /** The breaching band of {@link Values#UNIFORM}, as the Zabbix harness's generator draws it. */
    static final double BREACH_LOW = 90.5;
    static final double BREACH_HIGH = 100;
    /** The healthy band's upper bound (exclusive). */
    static final double HEALTHY_HIGH = 90;

    final SimulatedDevice device;
    private final StreamLoad load;
    private final Values model;
    private final double breach;
    private final int[] series;
    private final int[] offsets;
    private final SplittableRandom random;
    private long breaching;

    /**
     * @param series  {@link StreamLoad#seriesColumn()}, shared by the fleet
     * @param offsets {@link StreamLoad#offsetsColumn()}, shared by the fleet
     */
    StreamDevice(SimulatedDevice device, StreamLoad load, Values model, double breach, int[] series, int[] offsets, long seed) {
        if (breach < 0 || breach > 1) {
            throw new IllegalArgumentException("0 ≤ breach ≤ 1");
        }
        this.device = device;
        this.load = load;
        this.model = model;
        this.breach = breach;
        this.series = series;
        this.offsets = offsets;
        this.random = new SplittableRandom(seed);
    }

    /** The series every connection declares once: ids 0 … metrics-1. */
    static List<StreamFrame.SeriesDef> declarations(Values model, int metrics) {
        List<StreamFrame.SeriesDef> defs = new ArrayList<>(metrics);
        if (model == Values.UNIFORM) {
            for (int i = 0; i < metrics; i++) {
                defs.add(new StreamFrame.SeriesDef(i, UNIFORM_METRIC, String.format(Locale.ROOT, "/bench/m%02d", i + 1), "pct"));
            }
        } else {
            List<MetricProfile.Series> profile = MetricProfile.of(metrics);
            for (int i = 0; i < metrics; i++) {
                MetricProfile.Series s = profile.get(i);
                defs.add(new StreamFrame.SeriesDef(i, s.metric(), s.instance(), s.unit()));
            }
        }
        return List.copyOf(defs);
    }

    /**
     * The next batch, numbered from the device's counter, its last round taken at {@code nowMillis}; its values column is
     * {@code scratch} (length {@link StreamLoad#samplesPerBatch()}), valid until the next call: encode it before then.
     */
    StreamFrame.Batch nextBatch(long nowMillis, double[] scratch) {
        if (scratch.length != series.length) {
            throw new IllegalArgumentException("the scratch column has one value per sample of a batch");
        }
        if (model == Values.UNIFORM) {
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = uniform(random.nextDouble());
            }
        } else {
            double interval = load.intervalSeconds();
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = device.nextValue(series[i], interval);
            }
        }
        return new StreamFrame.Batch(device.nextSeq(), load.baseAt(nowMillis), series, scratch, offsets);
    }

    /** One draw in [0, 1) to one value: below {@code breach} a breaching one in [90.5, 100), else a healthy one in [0, 90). */
    private double uniform(double u) {
        if (u < breach) {
            breaching++;
            return Math.min(BREACH_LOW + (u / breach) * (BREACH_HIGH - BREACH_LOW), Math.nextDown(BREACH_HIGH));
        }
        return Math.min((u - breach) / (1 - breach) * HEALTHY_HIGH, Math.nextDown(HEALTHY_HIGH));
    }

    long breachingValues() {
        return model == Values.UNIFORM ? breaching : device.breachingValues();
    }
}
