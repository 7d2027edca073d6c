package io.steward.server.alerting.internal;

import io.steward.server.alerting.Aggregation;

/**
 * The samples of one (device, policy, instance) within a policy's window, by sample time: keeps
 * those newer than the newest minus the window (at least the newest one) and aggregates them. A
 * sample older than the newest kept one is ignored: spooled data arriving late must not rewrite the
 * present. Bounded to {@code capacity} samples (the oldest go first), so a chatty metric cannot grow
 * memory; storage starts at one slot and doubles only as the window really fills, because a node
 * holds one window per (device, policy, instance). Not thread-safe: the evaluator holds the device's lock.
 */
public final class MetricWindow {
    private final long windowMillis;
    private final int capacity;
    private long[] at;
    private double[] values;
    private int head;
    private int size;

    public MetricWindow(long windowMillis, int capacity) {
        if (windowMillis < 0 || capacity < 1) {
            throw new IllegalArgumentException("window >= 0 and capacity >= 1");
        }
        this.windowMillis = windowMillis;
        this.capacity = capacity;
        this.at = new long[1];
        this.values = new double[1];
    }

    /** Adds a sample; false if it is older than the newest sample held (and so ignored). */
    public boolean add(long atMillis, double value) {
        if (size > 0 && atMillis < newest()) {
            return false;
        }
        long cutoff = atMillis - windowMillis;
        while (size > 0 && at[head] <= cutoff) {
            head = (head + 1) % at.length;
            size--;
        }
        if (size == at.length && at.length < capacity) {
            grow();
        }
        if (size == at.length) {
            head = (head + 1) % at.length;
            size--;
        }
        int slot = (head + size) % at.length;
        at[slot] = atMillis;
        values[slot] = value;
        size++;
        return true;
    }

    private void grow() {
        int length = Math.min(capacity, at.length * 2);
        long[] newAt = new long[length];
        double[] newValues = new double[length];
        for (int i = 0; i < size; i++) {
            newAt[i] = at[(head + i) % at.length];
            newValues[i] = values[(head + i) % at.length];
        }
        at = newAt;
        values = newValues;
        head = 0;
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
