package io.steward.server.servicedesk;

import java.util.Map;
import java.util.Objects;

import io.steward.server.contracts.Priority;

/**
 * Decides a ticket's priority from its impact and urgency. Invariant: every one of the nine
 * impact-urgency pairs has a priority. The MSP can change the cells; staff can override the
 * result for one ticket with a recorded reason.
 */
public final class PriorityMatrix {
    private final Priority[][] cells = new Priority[3][3];

    public PriorityMatrix(Map<Level, Map<Level, Priority>> byImpactThenUrgency) {
        for (Level impact : Level.values()) {
            for (Level urgency : Level.values()) {
                Map<Level, Priority> row = byImpactThenUrgency.get(impact);
                cells[impact.ordinal()][urgency.ordinal()] = Objects.requireNonNull(row == null ? null : row.get(urgency),
                        () -> "no priority for impact " + impact + " and urgency " + urgency);
            }
        }
    }

    /** The ITIL-style default: high/high is P1, low/low is P4. */
    public static PriorityMatrix standard() {
        return new PriorityMatrix(Map.of(
                Level.HIGH, Map.of(Level.HIGH, Priority.P1, Level.MEDIUM, Priority.P2, Level.LOW, Priority.P3),
                Level.MEDIUM, Map.of(Level.HIGH, Priority.P2, Level.MEDIUM, Priority.P3, Level.LOW, Priority.P4),
                Level.LOW, Map.of(Level.HIGH, Priority.P3, Level.MEDIUM, Priority.P4, Level.LOW, Priority.P4)));
    }

    public Priority priorityOf(Level impact, Level urgency) {
        return cells[impact.ordinal()][urgency.ordinal()];
    }
}
