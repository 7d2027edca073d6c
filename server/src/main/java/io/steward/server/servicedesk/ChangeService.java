package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Change management on CHANGE tickets. Invariants: a change is approved by the required number
 * of approvers, none of whom requested it (staff managers or admins, or the client's own users
 * from the portal); one rejection rejects it; it is scheduled only once approved, with a window
 * that ends after it starts; the plans are fixed once submitted.
 */
@Service
public class ChangeService {
    private final TicketService tickets;
    private final TicketRepository repository;
    private final Clock clock;

    public ChangeService(TicketService tickets, TicketRepository repository, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.clock = clock;
    }

    /** The plan of a change as edited while it is a draft. */
    public record Plan(@NotNull Change.Risk risk, @Size(max = 20_000) String implementationPlan, @Size(max = 20_000) String backoutPlan,
                       @Min(1) @Max(5) int approvalsRequired) {
    }

    @Transactional(readOnly = true)
    public Change get(Viewer viewer, TicketId id) {
        Ticket t = tickets.get(viewer, id);
        return repository.change(t.id()).orElseThrow(() -> new ConflictException("type", "This ticket is not a change."));
    }

    @Transactional
    public Change plan(Viewer viewer, TicketId id, Plan plan) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.DRAFT, "The plan is fixed once the change is submitted.");
        repository.saveChange(new Change(c.ticketId(), c.stage(), plan.risk(), text(plan.implementationPlan()), text(plan.backoutPlan()),
                plan.approvalsRequired(), c.requestedBy(), c.windowStart(), c.windowEnd(), c.approvals()));
        return get(viewer, id);
    }

    @Transactional
    public Change submit(Viewer viewer, TicketId id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.DRAFT, "Only a draft can be submitted.");
        if (c.implementationPlan().isBlank() || c.backoutPlan().isBlank()) {
            throw new InvalidInputException("implementationPlan", "Write the implementation and backout plans before submitting.");
        }
        return move(viewer, id, c, ChangeStage.SUBMITTED, null);
    }

    /** Approves or rejects; staff approvers are managers or admins, client approvers are the client's own users. */
    @Transactional
    public Change decide(Viewer viewer, TicketId id, boolean approve, String comment) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        if (viewer.isStaff() && !viewer.hasRole(Role.MSP_ADMIN, Role.SERVICE_MANAGER)) {
            throw new ForbiddenException("Changes are approved by service managers, MSP admins or the client.");
        }
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.SUBMITTED, "Only a submitted change awaits approval.");
        if (viewer.userId().value().equals(c.requestedBy())) {
            throw new ConflictException("approver", "Whoever requested a change cannot approve it.");
        }
        Ticket t = tickets.get(viewer, id);
        String note = comment == null ? "" : comment.strip();
        if (note.length() > 2000) {
            throw new InvalidInputException("comment", "At most 2000 characters.");
        }
        if (!approve && note.isEmpty()) {
            throw new InvalidInputException("comment", "Say why the change is rejected.");
        }
        if (!repository.addApproval(t, viewer.userId().value(), viewer.displayName(), !viewer.isStaff(), approve ? "APPROVED" : "REJECTED", note,
                clock.instant())) {
            throw new ConflictException("approver", "You already decided on this change.");
        }
        Change after = get(viewer, id);
        if (!approve) {
            return move(viewer, id, after, ChangeStage.REJECTED, viewer.displayName() + ": " + note);
        }
        if (after.approvedCount() >= after.approvalsRequired()) {
            return move(viewer, id, after, ChangeStage.APPROVED, after.approvedCount() + " approval(s)");
        }
        return after;
    }

    @Transactional
    public Change schedule(Viewer viewer, TicketId id, Instant start, Instant end) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        if (c.stage() != ChangeStage.APPROVED && c.stage() != ChangeStage.SCHEDULED) {
            throw new ConflictException("stage", "Only an approved change can be scheduled.");
        }
        if (start == null || end == null || !end.isAfter(start)) {
            throw new InvalidInputException("windowEnd", "The window must end after it starts.");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(14)) > 0) {
            throw new InvalidInputException("windowEnd", "A change window lasts at most 14 days.");
        }
        Change windowed = new Change(c.ticketId(), c.stage(), c.risk(), c.implementationPlan(), c.backoutPlan(), c.approvalsRequired(),
                c.requestedBy(), start, end, c.approvals());
        repository.saveChange(windowed);
        return c.stage() == ChangeStage.SCHEDULED ? get(viewer, id) : move(viewer, id, windowed, ChangeStage.SCHEDULED, start + " – " + end);
    }

    @Transactional
    public Change implemented(Viewer viewer, TicketId id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.SCHEDULED, "Only a scheduled change can be implemented.");
        return move(viewer, id, c, ChangeStage.IMPLEMENTED, null);
    }

    @Transactional
    public Change reviewed(Viewer viewer, TicketId id, String outcome) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.IMPLEMENTED, "Only an implemented change can be reviewed.");
        return move(viewer, id, c, ChangeStage.REVIEWED, outcome == null || outcome.isBlank() ? null : outcome.strip());
    }

    /** Changes whose window overlaps the period, for the change calendar. */
    @Transactional(readOnly = true)
    public List<Map.Entry<Ticket, Change>> calendar(Viewer viewer, Instant from, Instant to) {
        return repository.changeCalendar(viewer.scope(), from, to);
    }

    private Change move(Viewer viewer, TicketId id, Change c, ChangeStage to, String note) {
        Ticket t = tickets.get(viewer, id);
        repository.saveChange(new Change(c.ticketId(), to, c.risk(), c.implementationPlan(), c.backoutPlan(), c.approvalsRequired(),
                c.requestedBy(), c.windowStart(), c.windowEnd(), c.approvals()));
        tickets.followChangeStage(viewer, t, c.stage(), to, note);
        return get(viewer, id);
    }

    private static void requireStage(Change c, ChangeStage stage, String message) {
        if (c.stage() != stage) {
            throw new ConflictException("stage", message);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

}
