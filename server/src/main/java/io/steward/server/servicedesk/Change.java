package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The change-management side of a CHANGE ticket, with the decisions taken so far. {@code outcome} is set when the
 * change is implemented and null before; {@code emergency} marks a change raised outside the normal lead time.
 */
public record Change(UUID ticketId, ChangeStage stage, Risk risk, String implementationPlan, String backoutPlan, int approvalsRequired,
                     UUID requestedBy, Instant windowStart, Instant windowEnd, List<Approval> approvals, boolean emergency, Outcome outcome) {

    /** How risky the change is. */
    public enum Risk { LOW, MEDIUM, HIGH }

    /** How the implementation went: as planned, failed, or undone by the backout plan. */
    public enum Outcome {
        SUCCESSFUL, FAILED, BACKED_OUT;

        /** The outcome named by {@code value}; null when none is given (the caller's default applies). */
        public static Outcome parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return valueOf(value.strip());
            } catch (IllegalArgumentException e) {
                throw new io.steward.server.shared.InvalidInputException("outcome", "outcome is SUCCESSFUL, FAILED or BACKED_OUT.");
            }
        }
    }

    /** One approver's decision. */
    public record Approval(UUID approverId, String approverName, boolean clientSide, String decision, String comment, Instant decidedAt) {
    }

    public long approvedCount() {
        return approvals.stream().filter(a -> a.decision().equals("APPROVED")).count();
    }

    /** Whether the emergency flag may still change: while the change is a draft or awaits approval. */
    public boolean emergencyEditable() {
        return stage == ChangeStage.DRAFT || stage == ChangeStage.SUBMITTED;
    }

    Change withStage(ChangeStage to) {
        return new Change(ticketId, to, risk, implementationPlan, backoutPlan, approvalsRequired, requestedBy, windowStart, windowEnd, approvals,
                emergency, outcome);
    }

    Change withPlan(Risk r, String implementation, String backout, int required) {
        return new Change(ticketId, stage, r, implementation, backout, required, requestedBy, windowStart, windowEnd, approvals, emergency, outcome);
    }

    Change withWindow(Instant start, Instant end) {
        return new Change(ticketId, stage, risk, implementationPlan, backoutPlan, approvalsRequired, requestedBy, start, end, approvals, emergency,
                outcome);
    }

    Change withEmergency(boolean e) {
        return new Change(ticketId, stage, risk, implementationPlan, backoutPlan, approvalsRequired, requestedBy, windowStart, windowEnd, approvals, e,
                outcome);
    }

    Change withOutcome(Outcome o) {
        return new Change(ticketId, stage, risk, implementationPlan, backoutPlan, approvalsRequired, requestedBy, windowStart, windowEnd, approvals,
                emergency, o);
    }
}
