package io.steward.server.servicedesk.sla;

import java.time.Duration;
import java.util.Objects;

/**
 * The response and resolution targets in force for a ticket. Both are positive. With {@code calendarTime} the
 * clocks count wall time (24x7) whatever the coverage calendar says, as contracts usually require for P1.
 */
public record SlaTargets(Duration response, Duration resolution, boolean calendarTime) {
    public SlaTargets {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(resolution, "resolution");
        if (response.isNegative() || response.isZero() || resolution.isNegative() || resolution.isZero()) {
            throw new IllegalArgumentException("SLA targets must be positive: response " + response + ", resolution " + resolution);
        }
    }

    /** Targets counted in the coverage calendar's business time. */
    public static SlaTargets business(Duration response, Duration resolution) {
        return new SlaTargets(response, resolution, false);
    }

    /** Targets counted in wall time, 24x7. */
    public static SlaTargets aroundTheClock(Duration response, Duration resolution) {
        return new SlaTargets(response, resolution, true);
    }
}
