package io.steward.server.contracts;

import java.math.BigDecimal;
import java.util.List;

import io.steward.server.shared.CalendarId;
import io.steward.server.shared.TierId;

/** A service tier: an SLA policy (one target per priority), its calendar and uptime target. */
public record ServiceTier(TierId id, String name, String description, CalendarId calendarId, BigDecimal uptimeTarget,
                          List<PriorityTarget> targets, int version) {

    public PriorityTarget target(Priority priority) {
        return targets.stream().filter(t -> t.priority() == priority).findFirst()
                .orElseThrow(() -> new IllegalStateException("tier " + name + " has no target for " + priority));
    }
}
