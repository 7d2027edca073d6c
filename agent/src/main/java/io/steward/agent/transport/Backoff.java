package io.steward.agent.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt after a failure: exponential from {@code initial},
 * doubled per consecutive failure up to {@code cap} (5 min by default), with "equal jitter"
 * (a random point in the upper half) so a fleet that lost the server at once does not come back
 * in lockstep. A server's {@code Retry-After} wins over the computed delay when it asks for
 * longer. Success resets it.
 */
public final class Backoff {
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

    private final Duration initial;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= cap");
        }
        this.initial = initial;
        this.cap = cap;
        this.random = random;
    }

    public Backoff(RandomGenerator random) {
        this(DEFAULT_INITIAL, DEFAULT_CAP, random);
    }

    /** The wait after one more failure; {@code retryAfter} is what the server asked for, if anything. */
    public Duration nextDelay(Optional<Duration> retryAfter) {
        long ceilingMillis = ceilingMillis(failures);
        failures = Math.min(failures + 1, 62);
        long half = ceilingMillis / 2;
        Duration jittered = Duration.ofMillis(half + random.nextLong(ceilingMillis - half + 1));
        return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }

    private long ceilingMillis(int n) {
        long base = initial.toMillis();
        long capMillis = cap.toMillis();
        // Shifting past 62 bits overflows; by then the cap has long applied.
        if (n >= 62 || base > (capMillis >> n)) {
            return capMillis;
        }
        return Math.min(capMillis, base << n);
    }
}
