package io.steward.server.servicedesk;

import java.util.List;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One action on several tickets from the queue. Each ticket is changed as if alone, under the same rules.
 *
 * @param assignee       ASSIGN: "me", a staff member's id, or "none" to unassign
 * @param status         STATUS: the status to move to
 * @param priority       PRIORITY: the priority; one other than the matrix's needs {@code priorityReason}
 * @param survivorId     MERGE: the ticket that stays open; the others are closed as its duplicates
 */
public record BulkTicketChange(@NotNull @Size(min = 1, max = BulkTicketChange.MAX) List<@NotNull UUID> ticketIds,
                               @NotNull Action action,
                               @Size(max = 100) String assignee,
                               TicketStatus status,
                               Priority priority,
                               @Size(max = 500) String priorityReason,
                               UUID survivorId,
                               @Size(max = 10_000) String resolutionNote) {
    /** The most tickets one request changes. */
    public static final int MAX = 200;

    /** What happens to every ticket. */
    public enum Action { ASSIGN, STATUS, PRIORITY, MERGE }

    /** What happened to one ticket: changed, or refused and why (nothing of it was applied). */
    public record Outcome(UUID ticketId, String reference, boolean changed, String message) implements java.io.Serializable {
    }

    /** Every ticket's outcome, in the order asked; serializable, as the queue page carries it across its redirect. */
    public record Result(Action action, int changed, int refused, List<Outcome> outcomes) implements java.io.Serializable {
        public static Result of(Action action, List<Outcome> outcomes) {
            int ok = (int) outcomes.stream().filter(Outcome::changed).count();
            return new Result(action, ok, outcomes.size() - ok, List.copyOf(outcomes));
        }
    }
}
