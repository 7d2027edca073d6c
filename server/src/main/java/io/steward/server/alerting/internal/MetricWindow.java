package io.steward.server.alerting.internal;

import io.steward.server.alerting.Aggregation;

/**
 * The samples of one (device, policy, instance) within a policy's window, by sample time: keeps
 * those newer than the newest minus the window (at least the newest one) and aggregates them. A
 * sample older than the newest kept one is ignored: spooled data arriving late must not rewrite the
 * present. Bounded to {@code capacity} samples (the oldest go first), so a chatty metric cannot grow
 * memory. Not thread-safe: the evaluator holds the device's lock.
 */
public final class MetricWindow {
    private final long windowMillis;
    private final long[] at;
    private final double[] values;
    private int head;
    private int size;

    public MetricWindow(long windowMillis, int capacity) {
        if (windowMillis < 0 || capacity < 1) {
            throw new IllegalArgumentException("window >= 0 and capacity >= 1");
        }
        this.windowMillis = windowMillis;
        this.at = new long[capacity];
        this.values = new double[capacity];
    }

    /** Adds a sample; false if it is older than the newest sample held (and so ignored). */
    public boolean add(long atMillis, double value) {
        if (size > 0 && atMillis < newest()) {
            return false;
        }
        if (size == at.length) {
            head = (head + 1) % at.length;
            size--;
        }
        int slot = (head + size) % at.length;
        at[slot] = atMillis;
        values[slot] = value;
        size++;
        long cutoff = atMillis - windowMillis;
        while (size > 1 && at[head] <= cutoff) {
            head = (head + 1) % at.length;
            size--;
        }
        return true;
    }

    public int size() {
        return size;
    }

    private long newest() {
        return at[(head + size - 1) % at.length];
    }

    /** The aggregate of the samples held; NaN when empty. */
    public double aggregate(Aggregation aggregation) {
        if (size == 0) {
            return Double.NaN;
        }
        if (aggregation == Aggregation.LAST) {
            return values[(head + size - 1) % at.length];
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double v = values[(head + i) % at.length];
            sum += v;
            max = Math.max(max, v);
        }
        return aggregation == Aggregation.MAX ? max : sum / size;
    }
}
