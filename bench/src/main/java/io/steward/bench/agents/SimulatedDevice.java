package io.steward.bench.agents;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated agent: its enrolled identity, its sequence counter and the current value of
 * each of its series. The series are used by one thread only (the device's metric sender); the
 * sequence counter is shared with the device's heartbeat sender, as the real agent numbers all
 * its messages from one counter.
 */
final class SimulatedDevice {
    final AgentChannel.Enrolled identity;
    private final List<MetricProfile.Series> series;
    private final double[] values;
    private final int[] breachLeft;
    private final Breaches breaches;
    private final SplittableRandom random;
    private final AtomicLong seq = new AtomicLong();
    private long breachingValues;

    SimulatedDevice(AgentChannel.Enrolled identity, List<MetricProfile.Series> series, Breaches breaches, long seed) {
        this.identity = identity;
        this.series = series;
        this.breaches = breaches;
        this.random = new SplittableRandom(seed);
        this.values = new double[series.size()];
        this.breachLeft = new int[series.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = MetricProfile.start(series.get(i), random);
        }
    }

    /** The next batch, with the next sequence number, its samples taken at {@code atMillis}. */
    byte[] nextBatch(long atMillis, double intervalSeconds) {
        StringBuilder b = new StringBuilder(64 + 90 * values.length);
        b.append("{\"seq\":").append(seq.incrementAndGet()).append(",\"samples\":[");
        for (int i = 0; i < values.length; i++) {
            MetricProfile.Series s = series.get(i);
            double v = advance(i, s, intervalSeconds);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"metric\":\"").append(s.metric()).append("\",\"instance\":\"").append(s.instance())
                    .append("\",\"value\":").append(Math.round(v * 100) / 100.0)
                    .append(",\"unit\":\"").append(s.unit()).append("\",\"at\":").append(atMillis).append('}');
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A heartbeat with the next sequence number. */
    byte[] nextHeartbeat() {
        return ("{\"seq\":" + seq.incrementAndGet() + ",\"sentAt\":" + System.currentTimeMillis() + ",\"dropped\":0}")
                .getBytes(StandardCharsets.UTF_8);
    }

    long seq() {
        return seq.get();
    }

    /** The next number of this device's one sequence counter (batches on the stream, heartbeats over v1). */
    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** The next value of series {@code i}, {@code intervalSeconds} after the previous one (the stream's agent-profile values). */
    double nextValue(int i, double intervalSeconds) {
        return advance(i, series.get(i), intervalSeconds);
    }

    long breachingValues() {
        return breachingValues;
    }

    private double advance(int i, MetricProfile.Series s, double intervalSeconds) {
        if (s.metric().equals("system.uptime")) {
            values[i] += intervalSeconds;
            return values[i];
        }
        if (s.alertable()) {
            if (breachLeft[i] == 0 && breaches.startProbability() > 0 && random.nextDouble() < breaches.startProbability()) {
                breachLeft[i] = breaches.length();
            }
            if (breachLeft[i] > 0) {
                breachLeft[i]--;
                breachingValues++;
                double v = s.breachLow() + random.nextDouble() * (s.breachHigh() - s.breachLow());
                if (breachLeft[i] == 0) {
                    // The breach ends: the next value is healthy again (a cleanup freed the disk, the job ended).
                    values[i] = MetricProfile.start(s, random);
                }
                return v;
            }
        }
        double v = values[i] + (random.nextDouble() * 2 - 1) * s.step();
        values[i] = Math.max(s.low(), Math.min(s.high(), v));
        return values[i];
    }
}
