package io.steward.server.servicedesk.web;

import java.time.Instant;
import java.util.List;

import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Change management over JSON: plan, emergency flag, submit, approve or reject, schedule, start, implement with its outcome,
 * review; the change calendar. Changes carry no response/resolution SLA (see {@link ChangeService#NO_SLA}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Changes", description = "Change requests with approvals and windows. One lifecycle: DRAFT → SUBMITTED (awaiting approval) → "
        + "APPROVED or REJECTED → SCHEDULED (a window) → IMPLEMENTING (once the window has opened) → IMPLEMENTED (outcome SUCCESSFUL, "
        + "FAILED or BACKED_OUT) → REVIEWED (closed). The ticket's status follows the stage: new (or assigned when somebody is assigned) "
        + "until the implementation starts, in progress while implementing, resolved when implemented, closed when reviewed or rejected. "
        + ChangeService.NO_SLA)
class ChangeApi {
    private final ChangeService changes;

    ChangeApi(ChangeService changes) {
        this.changes = changes;
    }

    /** An approver's decision. */
    record Decision(@NotNull Boolean approve, @Size(max = 2000) String comment) {
    }

    /** A change window. */
    record Window(@NotNull Instant start, @NotNull Instant end) {
    }

    /** How the implementation went: SUCCESSFUL (when absent), FAILED or BACKED_OUT. */
    record Implementation(@Size(max = 20) String outcome) {
    }

    /** Whether the change is an emergency. */
    record Emergency(@NotNull Boolean emergency) {
    }

    /** The outcome of a post-implementation review. */
    record Review(@Size(max = 5000) String outcome) {
    }

    /** One entry of the change calendar. */
    record CalendarEntry(TicketView ticket, Change change) {
    }

    @GetMapping("/tickets/{ticketId}/change")
    @Operation(summary = "The change side of a CHANGE ticket: stage, plans, window, decisions", description = ChangeService.NO_SLA)
    Change get(Viewer viewer, @PathVariable TicketId ticketId) {
        return changes.get(viewer, ticketId);
    }

    @GetMapping("/tickets/{ticketId}/change/actions")
    @Operation(summary = "The moves the caller may make on the change now (the ones the change page offers)",
            description = "By the same rules the moves enforce: the caller's role, the stage, the window, and that whoever requested a "
                    + "change or already decided on it does not decide on it.")
    ChangeService.Actions actions(Viewer viewer, @PathVariable TicketId ticketId) {
        return changes.actions(viewer, changes.get(viewer, ticketId));
    }

    @PutMapping("/tickets/{ticketId}/change/plan")
    @Operation(summary = "Set risk, implementation and backout plans and the approvals required (draft only)")
    Change plan(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody ChangeService.Plan plan) {
        return changes.plan(viewer, ticketId, plan);
    }

    @PostMapping("/tickets/{ticketId}/change/submit")
    @Operation(summary = "Submit the draft for approval")
    Change submit(Viewer viewer, @PathVariable TicketId ticketId) {
        return changes.submit(viewer, ticketId);
    }

    @PostMapping("/tickets/{ticketId}/change/decisions")
    @Operation(summary = "Approve or reject (not the requester); client users decide for their own organisation",
            description = "Staff decisions are taken by service managers and MSP admins (403 for others); whoever requested the change "
                    + "cannot decide on it (409). The change is approved once it has the approvals it requires; one rejection rejects it.")
    Change decide(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody Decision decision) {
        return changes.decide(viewer, ticketId, decision.approve(), decision.comment());
    }

    @PutMapping("/tickets/{ticketId}/change/window")
    @Operation(summary = "Schedule an approved change in a window, or move the window of a scheduled one",
            description = "A scheduled change waits for its window: its ticket stays new (or assigned), not in progress.")
    Change schedule(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody Window window) {
        return changes.schedule(viewer, ticketId, window.start(), window.end());
    }

    @PutMapping("/tickets/{ticketId}/change/emergency")
    @Operation(summary = "Flag the change as an emergency or clear the flag (draft or submitted only)")
    Change emergency(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody Emergency emergency) {
        return changes.emergency(viewer, ticketId, emergency.emergency());
    }

    @PostMapping("/tickets/{ticketId}/change/start")
    @Operation(summary = "Start the implementation of a scheduled change once its window has opened (409 before); the ticket is then in progress")
    Change start(Viewer viewer, @PathVariable TicketId ticketId) {
        return changes.start(viewer, ticketId);
    }

    @PostMapping("/tickets/{ticketId}/change/implemented")
    @Operation(summary = "Record that the change was implemented and how it went; the body is optional "
            + "({\"outcome\": \"SUCCESSFUL\" | \"FAILED\" | \"BACKED_OUT\"}, SUCCESSFUL when absent)",
            description = "From IMPLEMENTING, or from SCHEDULED once the window has opened (the change passes through IMPLEMENTING).")
    Change implemented(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody(required = false) Implementation implementation) {
        return changes.implemented(viewer, ticketId, Change.Outcome.parse(implementation == null ? null : implementation.outcome()));
    }

    @PostMapping("/tickets/{ticketId}/change/review")
    @Operation(summary = "Close the change with its review")
    Change review(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody Review review) {
        return changes.reviewed(viewer, ticketId, review.outcome());
    }

    @GetMapping("/changes/calendar")
    @Operation(summary = "Approved and scheduled changes whose window overlaps [from, to)")
    List<CalendarEntry> calendar(Viewer viewer, @RequestParam Instant from, @RequestParam Instant to) {
        if (!to.isAfter(from) || java.time.Duration.between(from, to).toDays() > 370) {
            throw new InvalidInputException("to", "Give a period of at most a year that ends after it starts.");
        }
        return changes.calendar(viewer, from, to).stream().map(e -> new CalendarEntry(e.getKey(), e.getValue())).toList();
    }
}
