package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.steward.server.servicedesk.internal.ChangeRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Permission;
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
 * Change management on CHANGE tickets, through one lifecycle that {@link ChangeLifecycle} guards. Invariants: a change
 * is approved by the required number of approvers, none of whom requested it (staff managers or admins, or the client's
 * own users from the portal); one rejection rejects it; it is scheduled only once approved, with a window that ends after
 * it starts; it is implemented only once its window has opened; the plans are fixed once submitted, the emergency flag
 * once decided; an implemented change carries its outcome. Risk, emergency flag and outcome are written to the ticket's
 * history, so reports read them as they stood at any past instant.
 *
 * <p>Changes carry no SLA: they are not measured against response or resolution targets; approval and the scheduled
 * window govern them.
 */
@Service
public class ChangeService {
    /** The history fields (FIELD_CHANGED) that record a change's risk, emergency flag and outcome. */
    public static final String FIELD_RISK = "change_risk";
    public static final String FIELD_EMERGENCY = "change_emergency";
    public static final String FIELD_OUTCOME = "change_outcome";

    /** Who plans, submits, schedules and implements a change. */
    public static final Permission WORK = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
    /** Who approves or rejects a change: service managers and MSP admins, and the client's own users for their organisation. */
    public static final Permission APPROVE = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.CLIENT_USER);
    /** Who closes an implemented change with its review. */
    public static final Permission REVIEW = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);

    /** What is said wherever a change's SLA would be: changes are governed by approval and their window, not SLA targets. */
    public static final String NO_SLA = "Changes are not measured against response or resolution SLA targets; they are governed by "
            + "approval and their scheduled window.";

    private final TicketService tickets;
    private final ChangeRepository repository;
    private final Clock clock;
    private final ChangeLifecycle lifecycle;
    private final ApplicationEventPublisher events;

    public ChangeService(TicketService tickets, ChangeRepository repository, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.tickets = tickets;
        this.repository = repository;
        this.clock = clock;
        this.lifecycle = new ChangeLifecycle(clock);
    }

    /** The plan of a change as edited while it is a draft. */
    public record Plan(@NotNull Change.Risk risk, @Size(max = 20_000) String implementationPlan, @Size(max = 20_000) String backoutPlan,
                       @Min(1) @Max(5) int approvalsRequired) {
    }

    /**
     * The moves this viewer may make on the change now, by the same rules the moves below enforce, so that pages offer
     * exactly these. {@code decide} is false for whoever requested the change and for whoever already decided.
     */
    public record Actions(boolean plan, boolean emergency, boolean submit, boolean decide, boolean schedule, boolean start,
                          boolean implement, boolean review) {
    }

    @Transactional(readOnly = true)
    public Change get(Viewer viewer, TicketId id) {
        TicketView t = tickets.get(viewer, id);
        return repository.change(t.id()).orElseThrow(() -> new ConflictException("type", "This ticket is not a change."));
    }

    /** What {@code viewer} may do with {@code c} now. */
    public Actions actions(Viewer viewer, Change c) {
        boolean work = WORK.allows(viewer);
        ChangeStage s = c.stage();
        return new Actions(work && s == ChangeStage.DRAFT, work && c.emergencyEditable(), work && s == ChangeStage.DRAFT,
                decisionRefusal(viewer, c) == null, work && lifecycle.windowEditable(s),
                work && s == ChangeStage.SCHEDULED && lifecycle.allows(c, ChangeStage.IMPLEMENTING),
                work && (s == ChangeStage.IMPLEMENTING || s == ChangeStage.SCHEDULED && lifecycle.allows(c, ChangeStage.IMPLEMENTING)),
                REVIEW.allows(viewer) && s == ChangeStage.IMPLEMENTED);
    }

    @Transactional
    public Change plan(Viewer viewer, TicketId id, Plan plan) {
        WORK.require(viewer);
        Change c = get(viewer, id);
        if (c.stage() != ChangeStage.DRAFT) {
            throw new ConflictException("stage", "The plan is fixed once the change is submitted.");
        }
        repository.saveChange(c.withPlan(plan.risk(), text(plan.implementationPlan()), text(plan.backoutPlan()), plan.approvalsRequired()));
        tickets.recordChangeField(viewer, tickets.get(viewer, id), FIELD_RISK, c.risk().name(), plan.risk().name());
        return get(viewer, id);
    }

    /** Flags the change as an emergency or clears the flag; only while it is a draft or awaits approval. */
    @Transactional
    public Change emergency(Viewer viewer, TicketId id, boolean emergency) {
        WORK.require(viewer);
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
        WORK.require(viewer);
        Change c = get(viewer, id);
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
        if (!APPROVE.allows(viewer)) {
            throw new ForbiddenException("Changes are approved by service managers, MSP admins or the client.");
        }
        Change c = get(viewer, id);
        ChangeLifecycle.Refusal refused = decisionRefusal(viewer, c);
        if (refused != null) {
            throw refused.exception();
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
        if (lifecycle.allows(after, ChangeStage.APPROVED)) {
            return move(viewer, id, after, ChangeStage.APPROVED, after.approvedCount() + " approval(s)");
        }
        return after;
    }

    /** Sets the window of an approved change (it becomes scheduled) or moves the window of a scheduled one. */
    @Transactional
    public Change schedule(Viewer viewer, TicketId id, Instant start, Instant end) {
        WORK.require(viewer);
        Change c = get(viewer, id);
        if (!lifecycle.windowEditable(c.stage())) {
            throw new ConflictException("stage", "Only an approved change can be scheduled; the change is " + c.stage().label() + ".");
        }
        ChangeLifecycle.Refusal bad = ChangeLifecycle.windowRefusal(start, end);
        if (bad != null) {
            throw bad.exception();
        }
        Change windowed = c.withWindow(start, end);
        repository.saveChange(windowed);
        return c.stage() == ChangeStage.SCHEDULED ? get(viewer, id) : move(viewer, id, windowed, ChangeStage.SCHEDULED, start + " – " + end);
    }

    /** Records that the implementation started: the window has opened; the ticket is now in progress. */
    @Transactional
    public Change start(Viewer viewer, TicketId id) {
        WORK.require(viewer);
        return move(viewer, id, get(viewer, id), ChangeStage.IMPLEMENTING, null);
    }

    /**
     * Records that the change was carried out, and how it went ({@code null}: successful). A scheduled change whose window
     * has opened passes through implementing on the way, as if started now.
     */
    @Transactional
    public Change implemented(Viewer viewer, TicketId id, Change.Outcome outcome) {
        WORK.require(viewer);
        Change c = get(viewer, id);
        if (c.stage() == ChangeStage.SCHEDULED) {
            c = move(viewer, id, c, ChangeStage.IMPLEMENTING, null);
        }
        Change.Outcome o = outcome == null ? Change.Outcome.SUCCESSFUL : outcome;
        lifecycle.move(c.withOutcome(o), ChangeStage.IMPLEMENTED);
        tickets.recordChangeField(viewer, tickets.get(viewer, id), FIELD_OUTCOME, c.outcome() == null ? null : c.outcome().name(), o.name());
        return move(viewer, id, c.withOutcome(o), ChangeStage.IMPLEMENTED, null);
    }

    /** Closes an implemented change with its post-implementation review. */
    @Transactional
    public Change reviewed(Viewer viewer, TicketId id, String outcome) {
        REVIEW.require(viewer);
        Change c = get(viewer, id);
        return move(viewer, id, c, ChangeStage.REVIEWED, outcome == null || outcome.isBlank() ? null : outcome.strip());
    }

    /** Changes whose window overlaps the period, for the change calendar. */
    @Transactional(readOnly = true)
    public List<Map.Entry<TicketView, Change>> calendar(Viewer viewer, Instant from, Instant to) {
        return repository.changeCalendar(viewer.scope(), from, to);
    }

    private Change move(Viewer viewer, TicketId id, Change c, ChangeStage to, String note) {
        TicketView t = tickets.get(viewer, id);
        repository.saveChange(lifecycle.move(c, to));
        tickets.followChangeStage(viewer, t, c.stage(), to, note);
        return get(viewer, id);
    }

    /** Why {@code viewer} may not decide on {@code c} now, or null when they may. */
    private static ChangeLifecycle.Refusal decisionRefusal(Viewer viewer, Change c) {
        if (!APPROVE.allows(viewer)) {
            return new ChangeLifecycle.Refusal("approver", "Changes are approved by service managers, MSP admins or the client.", true);
        }
        if (c.stage() != ChangeStage.SUBMITTED) {
            return new ChangeLifecycle.Refusal("stage", "Only a change awaiting approval can be decided; the change is " + c.stage().label() + ".",
                    true);
        }
        if (viewer.userId().value().equals(c.requestedBy())) {
            return new ChangeLifecycle.Refusal("approver", "Whoever requested a change cannot approve it.", true);
        }
        if (c.approvals().stream().anyMatch(a -> a.approverId().equals(viewer.userId().value()))) {
            return new ChangeLifecycle.Refusal("approver", "You already decided on this change.", true);
        }
        return null;
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

}
