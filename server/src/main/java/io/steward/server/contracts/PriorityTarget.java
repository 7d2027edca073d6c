package io.steward.server.contracts;

import java.time.Duration;
import java.util.Objects;

/**
 * What a tier promises for one priority. Invariant: both targets are positive and resolution is
 * not shorter than response. {@code aroundTheClock} counts every minute, whatever the calendar.
 */
public record PriorityTarget(Priority priority, Duration response, Duration resolution, boolean aroundTheClock) {
    public PriorityTarget {
        Objects.requireNonNull(priority, "priority");
        if (response == null || resolution == null || response.isNegative() || response.isZero() || resolution.compareTo(response) < 0) {
            throw new IllegalArgumentException("targets must be positive and resolution >= response");
        }
    }
}
