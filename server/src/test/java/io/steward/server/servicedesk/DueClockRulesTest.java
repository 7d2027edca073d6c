package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.steward.server.shared.DurationWords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules behind the Due column and the status control's suggestion. */
class DueClockRulesTest {
    private static final Instant OPENED = Instant.parse("2026-12-06T07:00:00Z");
    private static final Instant RESPONSE = OPENED.plusSeconds(15 * 60);
    private static final Instant RESOLUTION = OPENED.plusSeconds(4 * 3600);

    @Test
    void theResponseClockIsNearestWhileBothRun() {
        TicketSla sla = new TicketSla(RESPONSE, RESOLUTION, OPENED.plusSeconds(675), "RUNNING", null);
        assertThat(sla.nearestClock()).isEqualTo(DueClock.RESPONSE);
        assertThat(sla.nearestDue()).isEqualTo(RESPONSE);
        assertThat(sla.clockDueAt(RESPONSE)).isEqualTo(DueClock.RESPONSE);
        assertThat(sla.clockDueAt(RESOLUTION)).isEqualTo(DueClock.RESOLUTION);
    }

    @Test
    void afterTheFirstResponseTheResolutionClockIsDue() {
        TicketSla sla = new TicketSla(null, RESOLUTION, OPENED.plusSeconds(10800), "RUNNING", null);
        assertThat(sla.nearestClock()).isEqualTo(DueClock.RESOLUTION);
        assertThat(sla.nearestDue()).isEqualTo(RESOLUTION);
    }

    @Test
    void aResolutionDueBeforeTheResponseIsTheNearest() {
        TicketSla sla = new TicketSla(RESOLUTION, RESPONSE, null, "RUNNING", null);
        assertThat(sla.nearestClock()).isEqualTo(DueClock.RESOLUTION);
        assertThat(sla.nearestDue()).isEqualTo(RESPONSE);
    }

    @Test
    void noRunningClockIsNoDueTime() {
        assertThat(TicketSla.NONE.nearestClock()).isNull();
        assertThat(TicketSla.NONE.nearestDue()).isNull();
    }

    @Test
    void theCountdownIsWordedAsOnThePage() {
        assertThat(DurationWords.until(RESPONSE, RESPONSE.minusSeconds(240))).isEqualTo("in 4 min");
        assertThat(DurationWords.until(RESOLUTION, OPENED.plusSeconds(14 * 60))).isEqualTo("in 3 h 46 min");
        assertThat(DurationWords.until(OPENED.plusSeconds(26 * 3600), OPENED)).isEqualTo("in 1 d 2 h");
        assertThat(DurationWords.until(RESPONSE, RESPONSE.plusSeconds(180))).isEqualTo("overdue 3 min");
    }

    @Test
    void theStatusControlSuggestsTheNearestStepForward() {
        Set<TicketStatus> fromAssigned = EnumSet.of(TicketStatus.NEW, TicketStatus.IN_PROGRESS, TicketStatus.WAITING_ON_CLIENT, TicketStatus.RESOLVED);
        assertThat(TicketStatus.ASSIGNED.suggestedNext(fromAssigned)).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(TicketStatus.NEW.suggestedNext(EnumSet.of(TicketStatus.ASSIGNED, TicketStatus.RESOLVED))).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(TicketStatus.RESOLVED.suggestedNext(Set.of(TicketStatus.IN_PROGRESS))).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(TicketStatus.CLOSED.suggestedNext(Set.of())).isNull();
    }
}
