package io.steward.agent.collect;

/** A share in %, 0 when there is no whole (no swap, an empty pseudo file system). */
final class Percent {
    private Percent() {
    }

    static double of(long part, long whole) {
        if (whole <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(100, 100.0 * part / whole));
    }
}
