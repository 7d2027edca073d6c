package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.UserId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** No sequence of moves, allowed or refused, leads a ticket into a state its rules forbid. */
class TicketTransitionsPropertiesTest {
    enum Move { ASSIGN, UNASSIGN, ESCALATE, BREACH, START, WAIT, RESOLVE, REOPEN, CLOSE, STAFF_REPLY, CLIENT_REPLY, NOTE, ALERT_CLEARED, ALERT_AGAIN }

    final TicketLifecycle lifecycle = new TicketLifecycle(Duration.ofDays(7));
    final UserId tech = UserId.random();

    @Property(tries = 500)
    void everyReachableStateIsValid(@ForAll("moves") List<Move> moves, @ForAll("gaps") List<Long> gapsMinutes) {
        Instant at = Instant.parse("2026-03-29T00:30:00Z");
        Ticket t = TicketTransitionsTest.fresh(at);
        for (int i = 0; i < moves.size(); i++) {
            at = at.plus(Duration.ofMinutes(gapsMinutes.get(i % gapsMinutes.size())));
            Ticket before = t;
            try {
                Ticket.Transition move = apply(t, moves.get(i), at);
                assertThat(move.entries()).as("a move is recorded").isNotEmpty();
                move.entries().stream().filter(e -> e.kind() == HistoryEntry.Kind.STATUS_CHANGED && "status".equals(e.field())).forEach(e -> {
                    assertThat(e.oldValue()).isEqualTo(before.status().name());
                    assertThat(e.newValue()).isEqualTo(move.after().status().name());
                });
                if (move.entries().stream().noneMatch(e -> e.kind() == HistoryEntry.Kind.STATUS_CHANGED)) {
                    assertThat(move.after().status()).as("a status changes only with its history entry").isEqualTo(before.status());
                }
                t = move.after();
            } catch (ConflictException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
            assertValid(t);
            assertThat(t.id()).isEqualTo(before.id());
            assertThat(t.clientId()).isEqualTo(before.clientId());
            if (before.firstResponseAt() != null) {
                assertThat(t.firstResponseAt()).as("the first response stays").isEqualTo(before.firstResponseAt());
            }
            if (before.status() == TicketStatus.CLOSED) {
                assertThat(t).as("closed is final").isEqualTo(before);
            }
        }
    }

    private Ticket.Transition apply(Ticket t, Move m, Instant at) {
        return switch (m) {
            case ASSIGN -> t.assign(tech, null, "Tech", at);
            case UNASSIGN -> t.assign(null, "Tech", null, at);
            case ESCALATE -> t.escalate("needs help", at);
            case BREACH -> t.escalateAfterBreach();
            case START -> t.moveTo(TicketStatus.IN_PROGRESS, lifecycle, at);
            case WAIT -> t.waitOnClient(lifecycle, at);
            case RESOLVE -> t.resolve(lifecycle, at);
            case REOPEN -> t.reopen(lifecycle, at);
            case CLOSE -> t.closeAutomatically(at, "closed automatically");
            case STAFF_REPLY -> t.reply("answer", false, true, at);
            case CLIENT_REPLY -> t.reply("thanks", false, false, at);
            case NOTE -> t.reply("note", true, true, at);
            case ALERT_CLEARED -> t.resolveFromAlert(at);
            case ALERT_AGAIN -> t.reopenFromAlert(at);
        };
    }

    private static void assertValid(Ticket t) {
        assertThat(t.tier()).isBetween(1, Ticket.TOP_TIER);
        switch (t.status()) {
            case RESOLVED -> {
                assertThat(t.resolvedAt()).isNotNull();
                assertThat(t.closedAt()).isNull();
            }
            case CLOSED -> {
                assertThat(t.resolvedAt()).isNotNull();
                assertThat(t.closedAt()).isAfterOrEqualTo(t.resolvedAt());
            }
            default -> {
                assertThat(t.resolvedAt()).isNull();
                assertThat(t.closedAt()).isNull();
            }
        }
        if (t.firstResponseAt() != null) {
            assertThat(t.firstResponseAt()).isAfterOrEqualTo(t.openedAt());
        }
    }

    @Provide
    Arbitrary<List<Move>> moves() {
        return Arbitraries.of(Move.class).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Long>> gaps() {
        // From seconds apart to past the reopen window (7 days), so reopening is both allowed and refused.
        return Arbitraries.longs().between(0, 60L * 24 * 9).list().ofMinSize(1).ofMaxSize(10);
    }
}
