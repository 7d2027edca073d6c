package io.steward.agent.collect;

import java.util.function.Supplier;

/**
 * A reading shared by the sources of one round (the network interfaces feed both throughput and
 * errors): asked again within {@link #MAX_AGE_NANOS}, the same value is returned instead of
 * querying the OS twice.
 */
final class RoundMemo<T> implements Supplier<T> {
    static final long MAX_AGE_NANOS = 2_000_000_000L;
    private final Supplier<T> source;
    private T value;
    private long readAt;

    RoundMemo(Supplier<T> source) {
        this.source = source;
    }

    @Override
    public synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - readAt > MAX_AGE_NANOS) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
