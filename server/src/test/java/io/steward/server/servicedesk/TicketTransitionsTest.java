package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.steward.server.contracts.Priority;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A ticket's moves as a plain class: each answers the new state and its history, or refuses with the service desk's 409 reason. */
class TicketTransitionsTest {
    /** A Sunday night at a month's end: the moves take their instant from the caller, never from the system clock. */
    final Clock clock = Clock.fixed(Instant.parse("2026-05-31T23:59:30Z"), ZoneOffset.UTC);
    final TicketLifecycle lifecycle = new TicketLifecycle(Duration.ofDays(7));
    final UserId alice = UserId.random();

    static Ticket fresh(Instant at) {
        return new Ticket(TicketId.random(), 42, ClientId.random(), null, null, TicketType.INCIDENT, "Printer on fire", "", "", Level.HIGH,
                Level.HIGH, Priority.P2, null, TicketStatus.NEW, 1, null, TicketSource.WEB, at, null, null, null, TicketSla.NONE, at, 3);
    }

    @Test
    void assigningANewTicketMakesItAssignedAndRecordsTheNamesAndTheStatus() {
        Instant now = clock.instant();
        Ticket.Transition t = fresh(now.minusSeconds(600)).assign(alice, null, "Alice", now);

        assertThat(t.after().status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(t.after().assigneeId()).isEqualTo(alice);
        assertThat(t.after().version()).as("the version moves when stored, not here").isEqualTo(3);
        assertThat(t.entries()).containsExactly(
                new Ticket.Entry(HistoryEntry.Kind.ASSIGNED, "assignee", null, "Alice", null),
                new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", "NEW", "ASSIGNED", null));

        Ticket.Transition back = t.after().assign(null, "Alice", null, now);
        assertThat(back.after().status()).isEqualTo(TicketStatus.NEW);
        assertThat(back.after().assigneeId()).isNull();
        assertThat(back.entries()).extracting(Ticket.Entry::kind).containsExactly(HistoryEntry.Kind.ASSIGNED, HistoryEntry.Kind.STATUS_CHANGED);
    }

    @Test
    void escalatingRaisesTheTierUnassignedAndStopsAtTheTopTier() {
        Instant now = clock.instant();
        Ticket assigned = fresh(now).assign(alice, null, "Alice", now).after();

        Ticket.Transition up = assigned.escalate("needs a network engineer", now);
        assertThat(up.after().tier()).isEqualTo(2);
        assertThat(up.after().assigneeId()).isNull();
        assertThat(up.after().status()).isEqualTo(TicketStatus.NEW);
        assertThat(up.entries().getFirst()).isEqualTo(new Ticket.Entry(HistoryEntry.Kind.ESCALATED, "tier", "1", "2", "needs a network engineer"));

        Ticket top = up.after().escalate("again", now).after();
        assertThat(top.tier()).isEqualTo(3);
        assertThatThrownBy(() -> top.escalate("once more", now)).isInstanceOf(ConflictException.class)
                .hasMessage("The ticket is already in the tier 3 queue.");
        assertThat(top.escalatesOnBreach()).isFalse();
    }

    @Test
    void waitingResolvingAndReopeningFollowTheLifecycleAndItsReopenWindow() {
        Instant now = clock.instant();
        Ticket working = fresh(now).moveTo(TicketStatus.IN_PROGRESS, lifecycle, now).after();

        Ticket waiting = working.waitOnClient(lifecycle, now).after();
        assertThat(waiting.status()).isEqualTo(TicketStatus.WAITING_ON_CLIENT);

        Ticket.Transition resolved = waiting.resolve(lifecycle, now);
        assertThat(resolved.after().resolvedAt()).isEqualTo(now);
        assertThat(resolved.entries()).containsExactly(
                new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", "WAITING_ON_CLIENT", "RESOLVED", null));

        Instant sixDaysOn = now.plus(Duration.ofDays(6));
        Ticket reopened = resolved.after().reopen(lifecycle, sixDaysOn).after();
        assertThat(reopened.status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(reopened.resolvedAt()).as("an open ticket carries no resolution instant").isNull();

        Ticket resolvedAgain = reopened.resolve(lifecycle, sixDaysOn).after();
        assertThatThrownBy(() -> resolvedAgain.reopen(lifecycle, sixDaysOn.plus(Duration.ofDays(8)))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("can no longer be reopened");
    }

    @Test
    void aClosedTicketRefusesEveryMoveWithTheServiceDesksReasons() {
        Instant now = clock.instant();
        Ticket resolved = fresh(now).resolve(lifecycle, now).after();
        Ticket closed = resolved.closeAutomatically(now.plus(Duration.ofDays(10)), "closed automatically").after();
        assertThat(closed.closedAt()).isEqualTo(now.plus(Duration.ofDays(10)));
        assertThat(closed.resolvedAt()).as("closing keeps when it was resolved").isEqualTo(now);

        assertThatThrownBy(() -> closed.assign(alice, null, "Alice", now)).isInstanceOf(ConflictException.class)
                .hasMessage("A closed ticket cannot change; raise a new one.");
        assertThatThrownBy(() -> closed.escalate("why", now)).hasMessage("A closed ticket cannot change; raise a new one.");
        assertThatThrownBy(() -> closed.reopen(lifecycle, now)).hasMessage("A closed ticket cannot change; raise a new one.");
        assertThatThrownBy(() -> closed.reply("hello", false, true, now)).hasMessage("The ticket is closed; raise a new one.");
        assertThatThrownBy(() -> closed.edited(null, null, "t", "", "", Level.LOW, Level.LOW, Priority.P4, null))
                .hasMessage("A closed ticket cannot change; raise a new one.");
    }

    @Test
    void aChangeMovesThroughItsStagesNotThroughTheLifecycle() {
        Instant now = clock.instant();
        Ticket change = new Ticket(TicketId.random(), 7, ClientId.random(), null, null, TicketType.CHANGE, "Patch", "", "", Level.LOW, Level.LOW,
                Priority.P4, null, TicketStatus.NEW, 1, null, TicketSource.WEB, now, null, null, null, TicketSla.NONE, now, 0);
        assertThatThrownBy(() -> change.moveTo(TicketStatus.IN_PROGRESS, lifecycle, now)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("A change moves through its stages");
        Ticket.Transition stage = change.followStage(ChangeStage.DRAFT, ChangeStage.SUBMITTED, null, now);
        assertThat(stage.after().status()).isEqualTo(TicketStatus.NEW);
        assertThat(stage.entries()).containsExactly(new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "stage", "DRAFT", "SUBMITTED", null));

        // Approved and scheduled with nobody assigned: still new, never "assigned" or "in progress" before the window.
        Ticket scheduled = stage.after().followStage(ChangeStage.APPROVED, ChangeStage.SCHEDULED, null, now).after();
        assertThat(scheduled.status()).isEqualTo(TicketStatus.NEW);
        Ticket.Transition started = scheduled.followStage(ChangeStage.SCHEDULED, ChangeStage.IMPLEMENTING, null, now);
        assertThat(started.after().status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(started.entries()).as("the status move is in history too, for reports")
                .containsExactly(new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "stage", "SCHEDULED", "IMPLEMENTING", null),
                        new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", "NEW", "IN_PROGRESS", null));
    }

    @Test
    void anAssignedChangeIsAssignedUntilItsImplementationStarts() {
        Instant now = clock.instant();
        Ticket change = new Ticket(TicketId.random(), 8, ClientId.random(), null, null, TicketType.CHANGE, "Patch", "", "", Level.LOW, Level.LOW,
                Priority.P4, null, TicketStatus.NEW, 1, null, TicketSource.WEB, now, null, null, null, TicketSla.NONE, now, 0);
        Ticket assigned = change.assign(io.steward.server.shared.UserId.random(), null, "Tess", now).after();
        assertThat(assigned.status()).isEqualTo(TicketStatus.ASSIGNED);
        for (ChangeStage s : new ChangeStage[] {ChangeStage.SUBMITTED, ChangeStage.APPROVED, ChangeStage.SCHEDULED}) {
            assertThat(assigned.followStage(ChangeStage.DRAFT, s, null, now).after().status()).as(s.name()).isEqualTo(TicketStatus.ASSIGNED);
        }
        assertThat(assigned.followStage(ChangeStage.IMPLEMENTING, ChangeStage.IMPLEMENTED, null, now).after().status()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(assigned.followStage(ChangeStage.SUBMITTED, ChangeStage.REJECTED, null, now).after().status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void staffsFirstPublicReplyIsTheFirstResponseAndAClientsReplyEndsTheWait() {
        Instant now = clock.instant();
        Ticket working = fresh(now).moveTo(TicketStatus.IN_PROGRESS, lifecycle, now).after();

        Ticket note = working.reply("looking", true, true, now).after();
        assertThat(note.firstResponseAt()).as("an internal note is no response").isNull();
        Ticket answered = working.reply("on it", false, true, now).after();
        assertThat(answered.firstResponseAt()).isEqualTo(now);
        assertThat(answered.reply("more", false, true, now.plusSeconds(60)).after().firstResponseAt()).isEqualTo(now);

        Ticket waiting = answered.waitOnClient(lifecycle, now).after();
        Ticket.Transition clientReply = waiting.reply("here are the logs", false, false, now.plusSeconds(30));
        assertThat(clientReply.after().status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(clientReply.entries()).containsExactly(
                new Ticket.Entry(HistoryEntry.Kind.PUBLIC_REPLY, null, null, null, "here are the logs"),
                new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", "WAITING_ON_CLIENT", "IN_PROGRESS", "client replied"));
    }

    @Test
    void monitoringResolvesAndReopensItsIncidents() {
        Instant now = clock.instant();
        Ticket resolved = fresh(now).resolveFromAlert(now).after();
        assertThat(resolved.status()).isEqualTo(TicketStatus.RESOLVED);
        Ticket.Transition again = resolved.reopenFromAlert(now.plusSeconds(60));
        assertThat(again.after().status()).as("nobody had it").isEqualTo(TicketStatus.NEW);
        assertThat(again.entries()).containsExactly(
                new Ticket.Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", "RESOLVED", "NEW", "alert fired again"));

        Ticket assignedThenResolved = fresh(now).assign(alice, null, "Alice", now).after().resolveFromAlert(now).after();
        assertThat(assignedThenResolved.reopenFromAlert(now).after().status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThatThrownBy(() -> fresh(now).reopenFromAlert(now)).isInstanceOf(ConflictException.class);
    }

    @Test
    void aBreachEscalatesAnOpenTicketKeepingItsStatus() {
        Instant now = clock.instant();
        Ticket assigned = fresh(now).assign(alice, null, "Alice", now).after();
        Ticket.Transition t = assigned.escalateAfterBreach();
        assertThat(t.after().status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(t.after().assigneeId()).isNull();
        assertThat(t.after().tier()).isEqualTo(2);
        assertThat(t.entries()).isEqualTo(List.of(new Ticket.Entry(HistoryEntry.Kind.ESCALATED, "tier", "1", "2", "SLA breached")));
    }
}
