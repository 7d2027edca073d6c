package io.steward.server.devices.internal;

/**
 * The request budget of one device: up to {@code burst} requests at once, refilled at
 * {@code perSecond}. Decides whether a request may go on now and, if not, how long to wait.
 * Not thread-safe on its own; callers synchronise on the bucket.
 */
final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(double perSecond, int burst, long nowMillis) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one: returns 0, else the milliseconds until one is there (at least 1). */
    long take(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) * 1000 / perSecond));
    }

    /** True when the bucket is full again, so forgetting it changes nothing. */
    boolean full(long nowMillis) {
        refill(nowMillis);
        return tokens >= burst;
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perSecond / 1000.0);
            lastMillis = nowMillis;
        }
    }
}
