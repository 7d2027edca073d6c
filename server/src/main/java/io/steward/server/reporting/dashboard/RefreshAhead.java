package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides when a kept answer is served, refreshed behind the reader's back, or computed while the reader waits: fresh
 * answers are served; answers past {@code freshFor} but within {@code staleFor} are served while one refresh per key
 * runs on the executor; older ones (or none) are computed on the caller's thread. A refresh that fails drops the
 * answer, so the next reader computes it and sees the failure.
 *
 * @param <K> what an answer is kept for
 * @param <V> the answer, which says when it was computed
 */
final class RefreshAhead<K, V> {
    private final Map<K, V> answers = new ConcurrentHashMap<>();
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
    private final Function<V, Instant> computedAt;
    private final Duration freshFor;
    private final Duration staleFor;
    private final Executor executor;
    private final Clock clock;

    RefreshAhead(Function<V, Instant> computedAt, Duration freshFor, Duration staleFor, Executor executor, Clock clock) {
        if (staleFor.compareTo(freshFor) < 0) {
            throw new IllegalArgumentException("an answer cannot go stale before it stops being fresh");
        }
        this.computedAt = computedAt;
        this.freshFor = freshFor;
        this.staleFor = staleFor;
        this.executor = executor;
        this.clock = clock;
    }

    /** The kept answer for {@code key}, or {@code compute}'s, as the rules above say. */
    V get(K key, Supplier<V> compute) {
        Instant now = clock.instant();
        V kept = answers.get(key);
        if (kept != null && computedAt.apply(kept).plus(freshFor).isAfter(now)) {
            return kept;
        }
        if (kept != null && computedAt.apply(kept).plus(staleFor).isAfter(now)) {
            if (refreshing.add(key)) {
                executor.execute(() -> {
                    try {
                        store(key, compute.get());
                    } catch (RuntimeException e) {
                        answers.remove(key);
                        throw e;
                    } finally {
                        refreshing.remove(key);
                    }
                });
            }
            return kept;
        }
        return store(key, compute.get());
    }

    private V store(K key, V answer) {
        Instant now = clock.instant();
        answers.values().removeIf(a -> !computedAt.apply(a).plus(staleFor).isAfter(now));
        answers.put(key, answer);
        return answer;
    }
}
