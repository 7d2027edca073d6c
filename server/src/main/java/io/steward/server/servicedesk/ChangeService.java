package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.steward.server.servicedesk.internal.ChangeRepository;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Change management on CHANGE tickets. Invariants: a change is approved by the required number
 * of approvers, none of whom requested it (staff managers or admins, or the client's own users
 * from the portal); one rejection rejects it; it is scheduled only once approved, with a window
 * that ends after it starts; the plans are fixed once submitted, the emergency flag once decided; an implemented
 * change carries its outcome. Risk, emergency flag and outcome are written to the ticket's history, so reports
 * read them as they stood at any past instant.
 */
@Service
public class ChangeService {
    /** The history fields (FIELD_CHANGED) that record a change's risk, emergency flag and outcome. */
    public static final String FIELD_RISK = "change_risk";
    public static final String FIELD_EMERGENCY = "change_emergency";
    public static final String FIELD_OUTCOME = "change_outcome";

    private final TicketService tickets;
    private final ChangeRepository repository;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public ChangeService(TicketService tickets, ChangeRepository repository, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
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
        TicketView t = tickets.get(viewer, id);
        return repository.change(t.id()).orElseThrow(() -> new ConflictException("type", "This ticket is not a change."));
    }

    @Transactional
    public Change plan(Viewer viewer, TicketId id, Plan plan) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.DRAFT, "The plan is fixed once the change is submitted.");
        repository.saveChange(c.withPlan(plan.risk(), text(plan.implementationPlan()), text(plan.backoutPlan()), plan.approvalsRequired()));
        tickets.recordChangeField(viewer, tickets.get(viewer, id), FIELD_RISK, c.risk().name(), plan.risk().name());
        return get(viewer, id);
    }

    /** Flags the change as an emergency or clears the flag; only while it is a draft or awaits approval. */
    @Transactional
    public Change emergency(Viewer viewer, TicketId id, boolean emergency) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        if (!c.emergencyEditable()) {
            throw new ConflictException("stage", "A change is flagged as an emergency while it is a draft or awaits approval.");
        }
        if (c.emergency() != emergency) {
            repository.saveChange(c.withEmergency(emergency));
            tickets.recordChangeField(viewer, tickets.get(viewer, id), FIELD_EMERGENCY, Boolean.toString(c.emergency()), Boolean.toString(emergency));
        }
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
        Change submitted = move(viewer, id, c, ChangeStage.SUBMITTED, null);
        TicketView t = tickets.get(viewer, id);
        events.publishEvent(new ChangeSubmitted(new TicketRef(t.id(), t.number(), t.clientId(), t.title(), viewer.userId(), viewer.displayName()),
                c.requestedBy(), c.approvalsRequired()));
        return submitted;
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
        TicketView t = tickets.get(viewer, id);
        String note = comment == null ? "" : comment.strip();
        if (note.length() > 2000) {
            throw new InvalidInputException("comment", "At most 2000 characters.");
        }
        if (!approve && note.isEmpty()) {
            throw new InvalidInputException("comment", "Say why the change is rejected.");
        }
        if (!repository.addApproval(t.ticket(), viewer.userId().value(), viewer.displayName(), !viewer.isStaff(), approve ? "APPROVED" : "REJECTED", note,
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
        Change windowed = c.withWindow(start, end);
        repository.saveChange(windowed);
        return c.stage() == ChangeStage.SCHEDULED ? get(viewer, id) : move(viewer, id, windowed, ChangeStage.SCHEDULED, start + " – " + end);
    }

    /** Records that the scheduled change was carried out, and how it went ({@code null}: successful). */
    @Transactional
    public Change implemented(Viewer viewer, TicketId id, Change.Outcome outcome) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Change c = get(viewer, id);
        requireStage(c, ChangeStage.SCHEDULED, "Only a scheduled change can be implemented.");
        Change.Outcome o = outcome == null ? Change.Outcome.SUCCESSFUL : outcome;
        tickets.recordChangeField(viewer, tickets.get(viewer, id), FIELD_OUTCOME, c.outcome() == null ? null : c.outcome().name(), o.name());
        return move(viewer, id, c.withOutcome(o), ChangeStage.IMPLEMENTED, null);
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
    public List<Map.Entry<TicketView, Change>> calendar(Viewer viewer, Instant from, Instant to) {
        return repository.changeCalendar(viewer.scope(), from, to);
    }

    private Change move(Viewer viewer, TicketId id, Change c, ChangeStage to, String note) {
        TicketView t = tickets.get(viewer, id);
        repository.saveChange(c.withStage(to));
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
