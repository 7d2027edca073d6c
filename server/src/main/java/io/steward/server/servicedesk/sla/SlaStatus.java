package io.steward.server.servicedesk.sla;

import java.time.Instant;
import java.util.List;

/**
 * Both SLA clocks of a ticket as of {@code evaluatedAt}, with the timeline that led there (time order; warnings
 * and breaches appear once they have passed).
 */
public record SlaStatus(Instant openedAt, Instant evaluatedAt, SlaTargets targets, ClockStatus response,
                        ClockStatus resolution, List<SlaTimelineEntry> timeline) {
    public SlaStatus {
        timeline = List.copyOf(timeline);
    }
}
