package io.steward.agent.collect;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-instance monotonic counters turned into differences between two rounds. A counter that
 * went backwards (a device reset, a counter that wrapped) or an instance seen for the first time
 * yields nothing for that round rather than a negative or made-up value. Keeps only the last
 * reading per instance, as primitives.
 */
final class CounterRates {
    private final int width;
    private Map<String, long[]> previous = new HashMap<>();
    private long previousAt = -1;

    /** @param width how many counters each instance has */
    CounterRates(int width) {
        this.width = width;
    }

    /** One round of readings: call {@link #put} for each instance, then {@link #finish}. */
    final class Round {
        private final Map<String, long[]> now = new HashMap<>();
        private final long at;

        private Round(long at) {
            this.at = at;
        }

        /**
         * Records the counters of {@code instance} and returns their increase since the previous
         * round, or null when there is none to tell.
         */
        long[] put(String instance, long... counters) {
            if (counters.length != width) {
                throw new IllegalArgumentException("expected " + width + " counters");
            }
            now.put(instance, counters);
            long[] before = previous.get(instance);
            if (before == null || previousAt < 0) {
                return null;
            }
            long[] delta = new long[width];
            for (int i = 0; i < width; i++) {
                delta[i] = counters[i] - before[i];
                if (delta[i] < 0) {
                    return null;
                }
            }
            return delta;
        }

        /** Seconds since the previous round, or 0 on the first round. */
        double seconds() {
            return previousAt < 0 ? 0 : (at - previousAt) / 1000.0;
        }

        void finish() {
            previous = now;
            previousAt = at;
        }
    }

    Round round(long atMillis) {
        return new Round(atMillis);
    }
}
