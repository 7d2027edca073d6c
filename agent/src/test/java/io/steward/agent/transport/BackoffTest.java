package io.steward.agent.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void doublesWithJitterInTheUpperHalfUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), new SplittableRandom(42));
        long[] ceilings = {5, 10, 20, 40, 80, 160, 300, 300, 300};
        for (long ceiling : ceilings) {
            Duration d = b.nextDelay(Optional.empty());
            assertThat(d).isBetween(Duration.ofMillis(ceiling * 500), Duration.ofSeconds(ceiling));
        }
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff a = new Backoff(Duration.ofSeconds(60), Duration.ofMinutes(5), new SplittableRandom(1));
        Backoff b = new Backoff(Duration.ofSeconds(60), Duration.ofMinutes(5), new SplittableRandom(2));
        assertThat(a.nextDelay(Optional.empty())).isNotEqualTo(b.nextDelay(Optional.empty()));
    }

    @Test
    void resetStartsOverAndManyFailuresDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), new SplittableRandom(7));
        for (int i = 0; i < 200; i++) {
            assertThat(b.nextDelay(Optional.empty())).isBetween(Duration.ofMillis(2500), Duration.ofMinutes(5));
        }
        b.reset();
        assertThat(b.nextDelay(Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aLongerRetryAfterWinsAShorterOneDoesNot() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), new SplittableRandom(3));
        assertThat(b.nextDelay(Optional.of(Duration.ofSeconds(120)))).isEqualTo(Duration.ofSeconds(120));
        assertThat(b.nextDelay(Optional.of(Duration.ofMillis(1)))).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("30", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:02:00 GMT", clock)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("999999999999999999999", clock)).contains(Duration.ofHours(1));
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    @Test
    void onlyTimeoutsThrottlingAndServerErrorsAreRetried() {
        assertThat(Delivery.fromStatus(200, new byte[0], Optional.empty())).isInstanceOf(Delivery.Delivered.class);
        assertThat(Delivery.fromStatus(409, new byte[0], Optional.empty())).isInstanceOf(Delivery.Delivered.class);
        for (int s : new int[] {408, 429, 500, 502, 503}) {
            assertThat(Delivery.fromStatus(s, new byte[0], Optional.empty())).as("status %d", s).isInstanceOf(Delivery.Retry.class);
        }
        for (int s : new int[] {400, 401, 403, 404, 410, 413}) {
            assertThat(Delivery.fromStatus(s, new byte[0], Optional.empty())).as("status %d", s).isInstanceOf(Delivery.Refused.class);
        }
    }
}
