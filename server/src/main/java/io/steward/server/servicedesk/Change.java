package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The change-management side of a CHANGE ticket, with the decisions taken so far. */
public record Change(UUID ticketId, ChangeStage stage, Risk risk, String implementationPlan, String backoutPlan, int approvalsRequired,
                     UUID requestedBy, Instant windowStart, Instant windowEnd, List<Approval> approvals) {

    /** How risky the change is. */
    public enum Risk { LOW, MEDIUM, HIGH }

    /** One approver's decision. */
    public record Approval(UUID approverId, String approverName, boolean clientSide, String decision, String comment, Instant decidedAt) {
    }

    public long approvedCount() {
        return approvals.stream().filter(a -> a.decision().equals("APPROVED")).count();
    }
}
