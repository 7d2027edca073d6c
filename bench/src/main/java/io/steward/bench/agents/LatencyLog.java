package io.steward.bench.agents;

import java.util.Arrays;

import io.steward.bench.servicedesk.Latencies;

/** Latencies (nanoseconds) appended by many threads; a few hundred thousand per run at most. */
final class LatencyLog {
    private long[] nanos = new long[4096];
    private int size;

    synchronized void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
    }

    synchronized Latencies summary() {
        return Latencies.of(Arrays.copyOf(nanos, size));
    }
}
