package io.steward.bench.servicedesk;

import java.util.Arrays;
import java.util.List;

/**
 * Latency samples of one run in nanoseconds, summarised as percentiles in milliseconds. Percentiles
 * are nearest-rank over the sorted samples (no interpolation), so p99 of 500 samples is the 495th.
 */
public record Latencies(long[] sortedNanos) {

    public static Latencies of(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    public static Latencies of(List<long[]> parts) {
        return of(parts.stream().flatMapToLong(Arrays::stream).toArray());
    }

    public int count() {
        return sortedNanos.length;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds. */
    public double percentileMs(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    public double maxMs() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** The median of several runs' values with their min and max, as the protocol quotes figures. */
    public static String medianMinMax(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return v.length == 1 ? fmt(median) : fmt(median) + " (" + fmt(v[0]) + "–" + fmt(v[v.length - 1]) + ")";
    }

    static String fmt(double ms) {
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }
}
