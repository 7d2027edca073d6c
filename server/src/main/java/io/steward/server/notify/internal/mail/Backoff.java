package io.steward.server.notify.internal.mail;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a temporarily failed mail is tried again: 1 min, 5 min, 30 min, 2 h, 6 h and 12 h after the failed attempts, so
 * the seventh failure, about 21 hours after the first attempt, is final. A relay that is down for an hour delays mail
 * by at most the next step; a mailbox that stays unreachable for a day is reported as failed with the reason.
 */
final class Backoff {
    static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(6), Duration.ofHours(12));
    /** Attempts after which a temporary failure is final. */
    static final int MAX_ATTEMPTS = DELAYS.size() + 1;

    private Backoff() {
    }

    /** The wait after the {@code attempts}-th failed attempt (1-based), or empty when that was the last one. */
    static Optional<Duration> after(int attempts) {
        return attempts >= 1 && attempts < MAX_ATTEMPTS ? Optional.of(DELAYS.get(attempts - 1)) : Optional.empty();
    }
}
