package io.steward.server.devices.internal;

/**
 * The request budget of one device: up to {@code burst} requests at once, refilled at
 * {@code perSecond}. Decides whether a request may go on now and, if not, how long to wait.
 * Kept as the "theoretical arrival time" of the next request (the GCRA form of a token bucket)
 * in whole microseconds, so no rounding lets a request through early or tells a wait that is too short.
 * Not thread-safe on its own; callers synchronise on the bucket.
 */
final class TokenBucket {
    private final long intervalMicros;
    private final long toleranceMicros;
    private long nextMicros;

    TokenBucket(double perSecond, int burst, long nowMillis) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.intervalMicros = (long) Math.ceil(1_000_000 / perSecond);
        this.toleranceMicros = intervalMicros * (burst - 1);
        this.nextMicros = nowMillis * 1000;
    }

    /** Takes one token if there is one: returns 0, else the milliseconds until one is there (at least 1). */
    long take(long nowMillis) {
        long now = nowMillis * 1000;
        long next = Math.max(nextMicros, now);
        long early = next - now - toleranceMicros;
        if (early > 0) {
            return Math.max(1, (early + 999) / 1000);
        }
        nextMicros = next + intervalMicros;
        return 0;
    }

    /** True when the bucket is full again, so forgetting it changes nothing. */
    boolean full(long nowMillis) {
        return nextMicros <= nowMillis * 1000;
    }
}
