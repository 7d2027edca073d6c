package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The deadline for security updates: an update first seen at {@code firstSeen} is due {@code days} days later and
 * overdue once that moment has passed. Ages count from the first time the package had an update pending (a newer
 * candidate arriving later does not restart it: the device stayed exposed).
 */
public final class SecurityDeadline {
    private final Clock clock;

    public SecurityDeadline(Clock clock) {
        this.clock = clock;
    }

    public static Instant dueAt(Instant firstSeen, int days) {
        return firstSeen.plus(Duration.ofDays(days));
    }

    public boolean overdue(Instant firstSeen, int days) {
        return clock.instant().isAfter(dueAt(firstSeen, days));
    }

    /** Whole days since first seen (0 on the first day; never negative, even for an agent's clock ahead of ours). */
    public long ageDays(Instant firstSeen) {
        return Math.max(0, Duration.between(firstSeen, clock.instant()).toDays());
    }

    /** The oldest first-seen instant that is not overdue yet: anything first seen before it is. */
    public Instant overdueBefore(int days) {
        return clock.instant().minus(Duration.ofDays(days));
    }
}
