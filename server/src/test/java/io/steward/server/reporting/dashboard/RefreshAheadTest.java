package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a kept answer is served, refreshed behind the reader's back, or computed while the reader waits. */
class RefreshAheadTest {
    record Answer(int n, Instant at) {
    }

    /** A clock the test moves. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-12-31T23:59:50Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Hand clock = new Hand();
    final Deque<Runnable> queued = new ArrayDeque<>();
    final AtomicInteger computations = new AtomicInteger();
    final RefreshAhead<String, Answer> cache = new RefreshAhead<>(Answer::at, Duration.ofSeconds(30), Duration.ofMinutes(5), queued::add, clock);

    Answer compute() {
        return new Answer(computations.incrementAndGet(), clock.instant());
    }

    @Test
    void aFreshAnswerIsServedAndAStaleOneWhileOneRefreshRunsBehindTheReader() {
        assertThat(cache.get("k", this::compute).n()).isEqualTo(1);
        clock.now = clock.now.plusSeconds(29);
        assertThat(cache.get("k", this::compute).n()).isEqualTo(1);
        assertThat(queued).isEmpty();

        clock.now = clock.now.plusSeconds(2);
        assertThat(cache.get("k", this::compute).n()).as("stale: still served").isEqualTo(1);
        assertThat(cache.get("k", this::compute).n()).isEqualTo(1);
        assertThat(queued).as("one refresh per key, however many readers").hasSize(1);
        assertThat(computations).as("nobody waited for a computation").hasValue(1);

        queued.pop().run();
        assertThat(cache.get("k", this::compute).n()).isEqualTo(2);
        assertThat(cache.get("other", this::compute).n()).as("keys are apart").isEqualTo(3);
    }

    @Test
    void anAnswerNobodyAskedForInMinutesIsComputedWhileTheReaderWaits() {
        cache.get("k", this::compute);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(cache.get("k", this::compute).n()).isEqualTo(2);
        assertThat(queued).isEmpty();
    }

    @Test
    void aFailedRefreshDropsTheAnswerSoTheNextReaderComputesIt() {
        cache.get("k", this::compute);
        clock.now = clock.now.plusSeconds(40);
        cache.get("k", () -> {
            throw new IllegalStateException("database gone");
        });
        assertThatThrownBy(() -> queued.pop().run()).hasMessage("database gone");
        assertThat(cache.get("k", this::compute).n()).isEqualTo(2);
        assertThat(queued).isEmpty();
    }

    @Test
    void staleBeforeFreshIsRefused() {
        assertThatThrownBy(() -> new RefreshAhead<String, Answer>(Answer::at, Duration.ofMinutes(5), Duration.ofSeconds(30), Runnable::run, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
