package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.internal.ChangeRepository;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.NotNull;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings a change's past over with its original timestamps, as {@link TicketImport} does for the ticket: the stages it
 * went through, the approvals it got, its window and outcome. The CHANGE ticket is imported first (its statuses follow
 * the stages, see {@link ChangeStage#ticketStatus(boolean)}); this adds the change-management side, written to the same
 * history entries {@link ChangeService} writes, so reports read the change as it stood at any past instant.
 */
@Service
public class ChangeImport {
    private final TicketService tickets;
    private final TicketRepository repository;
    private final ChangeRepository changes;
    private final Clock clock;

    public ChangeImport(TicketService tickets, TicketRepository repository, ChangeRepository changes, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.changes = changes;
        this.clock = clock;
    }

    /** A stage the change reached, when, and who moved it there. */
    public record Stage(@NotNull ChangeStage stage, @NotNull Instant at, String actor) {
    }

    /** A decision on the change. */
    public record Decision(@NotNull UUID approverId, @NotNull String approverName, boolean clientSide, boolean approved, String comment,
                           @NotNull Instant at) {
    }

    /** The change as it went; {@code stages} in order, from the first after DRAFT. */
    public record PastChange(@NotNull Change.Risk risk, String implementationPlan, String backoutPlan, int approvalsRequired, UUID requestedBy,
                             List<Stage> stages, List<Decision> decisions, Instant windowStart, Instant windowEnd, Change.Outcome outcome) {
    }

    @Transactional
    public Change importChange(Viewer viewer, TicketId id, PastChange past) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        Ticket t = tickets.get(viewer, id).ticket();
        if (t.type() != TicketType.CHANGE) {
            throw new ConflictException("type", "This ticket is not a change.");
        }
        if (changes.change(id).isPresent()) {
            throw new ConflictException("stage", "This change has its history already.");
        }
        Instant now = clock.instant();
        Instant previous = t.openedAt();
        ChangeStage stage = ChangeStage.DRAFT;
        for (Stage s : past.stages()) {
            if (s.at().isBefore(previous) || s.at().isAfter(now)) {
                throw new InvalidInputException("stages", "Stages follow the opening and each other, and do not lie in the future.");
            }
            previous = s.at();
        }
        if (past.windowStart() != null && (past.windowEnd() == null || !past.windowEnd().isAfter(past.windowStart()))) {
            throw new InvalidInputException("windowEnd", "The window must end after it starts.");
        }
        changes.insertChange(t, past.requestedBy() == null ? null : new UserId(past.requestedBy()), false);
        if (past.risk() != Change.Risk.MEDIUM) {
            repository.addEvent(t, t.openedAt(), null, "import", true, HistoryEntry.Kind.FIELD_CHANGED, ChangeService.FIELD_RISK,
                    Change.Risk.MEDIUM.name(), past.risk().name(), null);
        }
        for (Decision d : past.decisions()) {
            changes.addApproval(t, d.approverId(), d.approverName(), d.clientSide(), d.approved() ? "APPROVED" : "REJECTED",
                    d.comment() == null ? "" : d.comment().strip(), d.at());
        }
        for (Stage s : past.stages()) {
            if (s.stage() == ChangeStage.IMPLEMENTED) {
                repository.addEvent(t, s.at(), null, actor(s), true, HistoryEntry.Kind.FIELD_CHANGED, ChangeService.FIELD_OUTCOME, null,
                        (past.outcome() == null ? Change.Outcome.SUCCESSFUL : past.outcome()).name(), null);
            }
            repository.addEvent(t, s.at(), null, actor(s), true, HistoryEntry.Kind.STATUS_CHANGED, "stage", stage.name(), s.stage().name(), null);
            stage = s.stage();
        }
        Change.Outcome outcome = stage == ChangeStage.IMPLEMENTED || stage == ChangeStage.REVIEWED
                ? (past.outcome() == null ? Change.Outcome.SUCCESSFUL : past.outcome()) : null;
        changes.saveChange(new Change(id.value(), stage, past.risk(), text(past.implementationPlan()), text(past.backoutPlan()),
                Math.max(1, past.approvalsRequired()), past.requestedBy(), past.windowStart(), past.windowEnd(), List.of(), false, outcome));
        return changes.change(id).orElseThrow();
    }

    private static String actor(Stage s) {
        return s.actor() == null || s.actor().isBlank() ? "import" : s.actor().strip();
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
