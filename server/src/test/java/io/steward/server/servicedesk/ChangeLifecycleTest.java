package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change lifecycle as a plain rule: which stage moves are allowed, and that no sequence of moves breaks it. */
class ChangeLifecycleTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    final ChangeLifecycle lifecycle = new ChangeLifecycle(Clock.fixed(NOW, ZoneOffset.UTC));

    static Change draft(String implementation, String backout, int required) {
        return new Change(UUID.randomUUID(), ChangeStage.DRAFT, Change.Risk.MEDIUM, implementation, backout, required, UUID.randomUUID(), null, null,
                List.of(), false, null);
    }

    static Change approvedBy(Change c, int n) {
        List<Change.Approval> approvals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            approvals.add(new Change.Approval(UUID.randomUUID(), "A" + i, false, "APPROVED", "", NOW));
        }
        return new Change(c.ticketId(), c.stage(), c.risk(), c.implementationPlan(), c.backoutPlan(), c.approvalsRequired(), c.requestedBy(),
                c.windowStart(), c.windowEnd(), approvals, c.emergency(), c.outcome());
    }

    @Test
    void aChangeGoesFromDraftToReviewedOneStepAtATime() {
        Change c = lifecycle.move(draft("Swap it", "Put it back", 1), ChangeStage.SUBMITTED);
        assertThat(lifecycle.refusal(c, ChangeStage.APPROVED).message()).isEqualTo("The change needs 1 approval(s); it has 0.");
        c = lifecycle.move(approvedBy(c, 1), ChangeStage.APPROVED);
        assertThat(lifecycle.refusal(c, ChangeStage.IMPLEMENTING).message()).isEqualTo("A change cannot go from approved to implementing.");
        c = lifecycle.move(c.withWindow(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1))), ChangeStage.SCHEDULED);
        c = lifecycle.move(c, ChangeStage.IMPLEMENTING);
        assertThatThrownBy(() -> lifecycle.move(approvedBy(draft("a", "b", 1), 0).withStage(ChangeStage.IMPLEMENTING), ChangeStage.IMPLEMENTED))
                .isInstanceOf(InvalidInputException.class);
        c = lifecycle.move(c.withOutcome(Change.Outcome.FAILED), ChangeStage.IMPLEMENTED);
        c = lifecycle.move(c, ChangeStage.REVIEWED);
        assertThat(lifecycle.next(c.stage())).isEmpty();
        assertThat(lifecycle.refusal(c, ChangeStage.DRAFT).message()).isEqualTo("The change is closed; raise a new one.");
    }

    @Test
    void aScheduledChangeWaitsForItsWindow() {
        Change future = draft("a", "b", 1).withStage(ChangeStage.SCHEDULED).withWindow(NOW.plus(Duration.ofMinutes(1)), NOW.plus(Duration.ofHours(2)));
        assertThatThrownBy(() -> lifecycle.move(future, ChangeStage.IMPLEMENTING)).isInstanceOf(ConflictException.class)
                .hasMessage("The change is scheduled; its window opens at 2026-12-06T10:01:00Z and it is implemented in that window.");
        Change open = future.withWindow(NOW, NOW.plus(Duration.ofHours(2)));
        assertThat(lifecycle.allows(open, ChangeStage.IMPLEMENTING)).as("the window opens at its first instant").isTrue();
        assertThat(ChangeStage.SCHEDULED.ticketStatus(false)).isEqualTo(TicketStatus.NEW);
        assertThat(ChangeStage.SCHEDULED.ticketStatus(true)).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(ChangeStage.IMPLEMENTING.ticketStatus(false)).isEqualTo(TicketStatus.IN_PROGRESS);
    }

    @Test
    void plansAndWindowsAreChecked() {
        assertThatThrownBy(() -> lifecycle.move(draft("", "b", 1), ChangeStage.SUBMITTED)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Write the implementation and backout plans before submitting.");
        assertThat(ChangeLifecycle.windowRefusal(NOW, NOW).field()).isEqualTo("windowEnd");
        assertThat(ChangeLifecycle.windowRefusal(NOW, NOW.plus(Duration.ofDays(15))).message()).isEqualTo("A change window lasts at most 14 days.");
        assertThat(ChangeLifecycle.windowRefusal(NOW, NOW.plus(Duration.ofDays(14)))).isNull();
        assertThat(lifecycle.windowEditable(ChangeStage.APPROVED)).isTrue();
        assertThat(lifecycle.windowEditable(ChangeStage.IMPLEMENTING)).isFalse();
    }

    enum Step { SUBMIT, APPROVE_ONE, DECIDE_APPROVED, REJECT, SCHEDULE_PAST, SCHEDULE_FUTURE, START, IMPLEMENT, REVIEW }

    /** Stages a change reaches only through the ones before it; every move is one the rule lists, or refused with a reason. */
    @Property(tries = 500)
    void noSequenceOfMovesLeavesTheLifecycle(@ForAll("steps") List<Step> steps, @ForAll("required") int required) {
        Change c = draft("plan", "backout", required);
        Set<ChangeStage> seen = EnumSet.of(ChangeStage.DRAFT);
        for (Step step : steps) {
            Change before = c;
            ChangeStage to = target(step);
            Change candidate = prepare(c, step);
            ChangeLifecycle.Refusal refusal = lifecycle.refusal(candidate, to);
            try {
                c = lifecycle.move(candidate, to);
                assertThat(refusal).isNull();
                assertThat(lifecycle.next(before.stage())).contains(to);
            } catch (ConflictException | InvalidInputException refused) {
                assertThat(refusal).isNotNull();
                assertThat(refused.getMessage()).isEqualTo(refusal.message()).isNotBlank();
                c = before;
            }
            seen.add(c.stage());
            if (c.stage() == ChangeStage.APPROVED) {
                assertThat(c.approvedCount()).isGreaterThanOrEqualTo(c.approvalsRequired());
            }
            if (c.stage() == ChangeStage.IMPLEMENTING || c.stage() == ChangeStage.IMPLEMENTED || c.stage() == ChangeStage.REVIEWED) {
                assertThat(seen).as("implemented only after being approved and scheduled")
                        .contains(ChangeStage.SUBMITTED, ChangeStage.APPROVED, ChangeStage.SCHEDULED);
                assertThat(c.windowStart()).as("never before the window opens").isBeforeOrEqualTo(NOW);
            }
            if (c.stage() == ChangeStage.IMPLEMENTED || c.stage() == ChangeStage.REVIEWED) {
                assertThat(c.outcome()).isNotNull();
            }
            if (before.stage().finished()) {
                assertThat(c.stage()).as("rejected and reviewed are final").isEqualTo(before.stage());
            }
            assertThat(seen.contains(ChangeStage.REJECTED) && seen.contains(ChangeStage.APPROVED)).as("rejected or approved, not both").isFalse();
        }
    }

    private static ChangeStage target(Step s) {
        return switch (s) {
            case SUBMIT -> ChangeStage.SUBMITTED;
            case APPROVE_ONE, DECIDE_APPROVED -> ChangeStage.APPROVED;
            case REJECT -> ChangeStage.REJECTED;
            case SCHEDULE_PAST, SCHEDULE_FUTURE -> ChangeStage.SCHEDULED;
            case START -> ChangeStage.IMPLEMENTING;
            case IMPLEMENT -> ChangeStage.IMPLEMENTED;
            case REVIEW -> ChangeStage.REVIEWED;
        };
    }

    /** The change as the service would have it when asking for the move (approvals added, a window set, an outcome given). */
    private static Change prepare(Change c, Step s) {
        return switch (s) {
            case APPROVE_ONE -> approvedBy(c, (int) c.approvedCount() + 1);
            case SCHEDULE_PAST -> c.withWindow(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
            case SCHEDULE_FUTURE -> c.withWindow(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1).plusHours(2)));
            case IMPLEMENT -> c.withOutcome(Change.Outcome.SUCCESSFUL);
            default -> c;
        };
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.of(Step.class).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<Integer> required() {
        return Arbitraries.integers().between(1, 3);
    }
}
