package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;

import io.steward.server.contracts.Priority;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain rules: which status changes are allowed, and the default priority matrix. */
class TicketLifecycleTest {
    final TicketLifecycle lifecycle = new TicketLifecycle(Duration.ofDays(7));
    final Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theUsualPathIsAllowedAndClosedIsFinal() {
        assertThat(lifecycle.refusal(TicketStatus.NEW, TicketStatus.ASSIGNED, null, now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, null, now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.IN_PROGRESS, TicketStatus.WAITING_ON_CLIENT, null, now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.WAITING_ON_CLIENT, TicketStatus.RESOLVED, null, now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.RESOLVED, TicketStatus.CLOSED, now, now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.CLOSED, TicketStatus.IN_PROGRESS, now, now)).contains("closed ticket cannot change");
        assertThat(lifecycle.refusal(TicketStatus.NEW, TicketStatus.CLOSED, null, now)).contains("cannot go from new to closed");
        assertThat(lifecycle.refusal(TicketStatus.NEW, TicketStatus.NEW, null, now)).contains("already");
    }

    @Test
    void reopeningIsAllowedOnlyWithinTheWindow() {
        assertThat(lifecycle.refusal(TicketStatus.RESOLVED, TicketStatus.IN_PROGRESS, now.minus(Duration.ofDays(6)), now)).isNull();
        assertThat(lifecycle.refusal(TicketStatus.RESOLVED, TicketStatus.IN_PROGRESS, now.minus(Duration.ofDays(8)), now))
                .contains("more than 7 days ago");
    }

    @Test
    void theStandardMatrixRunsFromP1ToP4() {
        PriorityMatrix m = PriorityMatrix.standard();
        assertThat(m.priorityOf(Level.HIGH, Level.HIGH)).isEqualTo(Priority.P1);
        assertThat(m.priorityOf(Level.HIGH, Level.MEDIUM)).isEqualTo(Priority.P2);
        assertThat(m.priorityOf(Level.MEDIUM, Level.MEDIUM)).isEqualTo(Priority.P3);
        assertThat(m.priorityOf(Level.LOW, Level.LOW)).isEqualTo(Priority.P4);
        for (Level i : Level.values()) {
            for (Level u : Level.values()) {
                if (i.ordinal() > 0) {
                    assertThat(m.priorityOf(i, u)).as("lower impact is never more urgent").isGreaterThanOrEqualTo(m.priorityOf(Level.values()[i.ordinal() - 1], u));
                }
            }
        }
    }
}
