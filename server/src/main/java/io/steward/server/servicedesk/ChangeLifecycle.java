package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;

import static io.steward.server.servicedesk.ChangeStage.APPROVED;
import static io.steward.server.servicedesk.ChangeStage.DRAFT;
import static io.steward.server.servicedesk.ChangeStage.IMPLEMENTED;
import static io.steward.server.servicedesk.ChangeStage.IMPLEMENTING;
import static io.steward.server.servicedesk.ChangeStage.REJECTED;
import static io.steward.server.servicedesk.ChangeStage.REVIEWED;
import static io.steward.server.servicedesk.ChangeStage.SCHEDULED;
import static io.steward.server.servicedesk.ChangeStage.SUBMITTED;

/**
 * Decides which stage moves a change may make (see {@link ChangeStage}): Draft → Awaiting approval → Approved or
 * Rejected; Approved → Scheduled (a window) → Implementing (once the window has opened) → Implemented with an outcome →
 * Closed after review. A change is submitted only with both plans written, approved only with enough approvals, scheduled
 * only with a window that ends after it starts and lasts at most {@link #LONGEST_WINDOW}, and implemented only once its
 * window has opened: a change waiting for its window is scheduled, never in progress. Rejected and reviewed are final.
 */
public final class ChangeLifecycle {
    /** The longest window a change may be scheduled in. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(14);

    private static final Map<ChangeStage, Set<ChangeStage>> NEXT = Map.of(
            DRAFT, EnumSet.of(SUBMITTED),
            SUBMITTED, EnumSet.of(APPROVED, REJECTED),
            APPROVED, EnumSet.of(SCHEDULED),
            SCHEDULED, EnumSet.of(IMPLEMENTING),
            IMPLEMENTING, EnumSet.of(IMPLEMENTED),
            IMPLEMENTED, EnumSet.of(REVIEWED),
            REVIEWED, EnumSet.noneOf(ChangeStage.class),
            REJECTED, EnumSet.noneOf(ChangeStage.class));

    private final Clock clock;

    public ChangeLifecycle(Clock clock) {
        this.clock = clock;
    }

    /** Why a move is refused: the form field it concerns and whether it is a conflict with the stage (else invalid input). */
    public record Refusal(String field, String message, boolean conflict) {
        RuntimeException exception() {
            return conflict ? new ConflictException(field, message) : new InvalidInputException(field, message);
        }
    }

    /** The stages {@code from} leads to, whatever the change's contents. */
    public Set<ChangeStage> next(ChangeStage from) {
        return NEXT.get(from);
    }

    /** Why {@code c} may not move to {@code to} now, or null when it may. */
    public Refusal refusal(Change c, ChangeStage to) {
        if (!NEXT.get(c.stage()).contains(to)) {
            return new Refusal("stage", c.stage().finished() ? "The change is " + c.stage().label() + "; raise a new one."
                    : "A change cannot go from " + c.stage().label() + " to " + to.label() + ".", true);
        }
        return switch (to) {
            case SUBMITTED -> c.implementationPlan().isBlank() || c.backoutPlan().isBlank()
                    ? new Refusal("implementationPlan", "Write the implementation and backout plans before submitting.", false) : null;
            case APPROVED -> c.approvedCount() < c.approvalsRequired()
                    ? new Refusal("approvals", "The change needs " + c.approvalsRequired() + " approval(s); it has " + c.approvedCount() + ".", true)
                    : null;
            case SCHEDULED -> windowRefusal(c.windowStart(), c.windowEnd());
            case IMPLEMENTING -> clock.instant().isBefore(c.windowStart())
                    ? new Refusal("stage", "The change is scheduled; its window opens at " + c.windowStart().truncatedTo(ChronoUnit.MINUTES)
                    + " and it is implemented in that window.", true) : null;
            case IMPLEMENTED -> c.outcome() == null ? new Refusal("outcome", "Say how the implementation went.", false) : null;
            default -> null;
        };
    }

    /** Whether {@code c} may move to {@code to} now. */
    public boolean allows(Change c, ChangeStage to) {
        return refusal(c, to) == null;
    }

    /** {@code c} in stage {@code to}, or the refusal as a conflict or invalid-input exception. */
    public Change move(Change c, ChangeStage to) {
        Refusal r = refusal(c, to);
        if (r != null) {
            throw r.exception();
        }
        return c.withStage(to);
    }

    /** Whether the window may be set or moved: once approved, until the implementation starts. */
    public boolean windowEditable(ChangeStage stage) {
        return stage == APPROVED || stage == SCHEDULED;
    }

    /** Why the window is refused, or null when it is a valid window. */
    public static Refusal windowRefusal(Instant start, Instant end) {
        if (start == null || end == null || !end.isAfter(start)) {
            return new Refusal("windowEnd", "The window must end after it starts.", false);
        }
        if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
            return new Refusal("windowEnd", "A change window lasts at most " + LONGEST_WINDOW.toDays() + " days.", false);
        }
        return null;
    }
}
