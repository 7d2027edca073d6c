package io.steward.server.servicedesk.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.ProblemRecord;
import io.steward.server.servicedesk.ProblemService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketFilter;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketUpdate;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tickets over JSON. Changes need {@code If-Match} with the version read, except replies. */
@RestController
@RequestMapping("/api/v1/tickets")
@Tag(name = "Tickets", description = "Incidents, service requests, changes and problems with their SLA clocks")
class TicketApi {
    private final TicketService tickets;
    private final io.steward.server.servicedesk.TicketImport importer;
    private final ProblemService problems;

    TicketApi(TicketService tickets, io.steward.server.servicedesk.TicketImport importer, ProblemService problems) {
        this.tickets = tickets;
        this.importer = importer;
        this.problems = problems;
    }

    @PostMapping("/import")
    @Operation(summary = "Import tickets from a previous system with their original timestamps and history (all or none, "
            + "at most 1000); SLA clocks are computed from that history")
    List<io.steward.server.servicedesk.TicketImport.Imported> importTickets(Viewer viewer,
            @Valid @RequestBody io.steward.server.servicedesk.TicketImport.Request request) {
        return importer.importAll(viewer, request);
    }

    /** A status change; resolving needs a note on how, sent to the client as a public reply. */
    record StatusChange(@NotNull TicketStatus status, @Size(max = 10_000) String resolutionNote) {
    }

    /** An assignment; null assignee unassigns. */
    record Assignment(UUID assigneeId) {
    }

    /** An escalation to the next tier. */
    record Escalation(@Size(max = 2000) String reason) {
    }

    /** A reply or internal note. */
    record Reply(@Size(max = 100_000) String body, Boolean internal) {
    }

    @GetMapping
    @Operation(summary = "List or search tickets in the caller's scope, by default the open ones sorted by SLA due",
            description = "q searches the number (T-7, t7, #7 or 7; that ticket comes first), title, description, public replies, internal"
                    + " notes (staff only), the requester's name and email, the client's name and the hostname of a device whose alert"
                    + " raised the ticket; every word matches as a prefix. With q and no status, every status is searched, newest first."
                    + " total is exact while totalExact is true; a list is counted only up to 1,000 tickets past the requested page,"
                    + " beyond that totalExact is false and total is a lower bound (enough to know there is a next page)")
    Page<TicketView> list(Viewer viewer, @Parameter(description = "search text or a ticket number") @RequestParam(required = false) String q, @RequestParam(required = false) UUID clientId,
                      @Parameter(description = "comma-separated statuses, or 'all'") @RequestParam(required = false) String status,
                      @RequestParam(required = false) Priority priority, @RequestParam(required = false) Integer tier,
                      @Parameter(description = "a user id, 'me' or 'none'") @RequestParam(required = false) String assignee,
                      @Parameter(description = "BREACHED, AT_RISK, ON_TRACK, PAUSED or NONE (no SLA clock running)")
                      @RequestParam(required = false) String sla,
                      @RequestParam(required = false) String openedFrom, @RequestParam(required = false) String openedTo,
                      @Parameter(description = "only tickets whose SLA breached at or after this ISO instant or date (UTC)")
                      @RequestParam(required = false) String breachedFrom,
                      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                      @Parameter(description = "number, title, client, priority, status, assignee, opened, updated or due (also slaDue,"
                              + " openedAt, updatedAt), optionally followed by ,asc or ,desc; 400 for any other. Default: due (slaDue), or"
                              + " number,desc (newest first) with q")
                      @RequestParam(required = false) String sort) {
        return tickets.list(viewer, filter(viewer, q, clientId, status, priority, tier, assignee, sla, openedFrom, openedTo, breachedFrom),
                PageQuery.of(page, size, sort, TicketRepository.SORTABLE, TicketRepository.defaultSort(q)));
    }

    @PostMapping
    @Operation(summary = "Raise a ticket; priority follows the impact x urgency matrix unless staff override it with a reason")
    ResponseEntity<TicketView> create(Viewer viewer, @Valid @RequestBody TicketDraft draft) {
        TicketDraft d = draft.source() == null ? new TicketDraft(draft.clientId(), draft.siteId(), draft.requesterId(), draft.type(),
                draft.title(), draft.description(), draft.category(), draft.impact(), draft.urgency(), draft.priorityOverride(),
                draft.priorityReason(), TicketSource.API, draft.emergency()) : draft;
        TicketView t = tickets.create(viewer, d);
        return IfMatch.created("/api/v1/tickets/" + t.id(), t, t.version());
    }

    @GetMapping("/{ticketId}")
    @Operation(summary = "Get a ticket; the ETag is its version")
    ResponseEntity<TicketView> get(Viewer viewer, @PathVariable TicketId ticketId) {
        TicketView t = tickets.get(viewer, ticketId);
        return IfMatch.ok(t, t.version());
    }

    @PutMapping("/{ticketId}")
    @Operation(summary = "Change a ticket's fields (staff); send If-Match")
    ResponseEntity<TicketView> update(Viewer viewer, @PathVariable TicketId ticketId, ExpectedVersion ifMatch,
                                  @Valid @RequestBody TicketUpdate update) {
        return ok(tickets.update(viewer, ticketId, update, ifMatch.value()));
    }

    @PutMapping("/{ticketId}/status")
    @Operation(summary = "Move the ticket through its lifecycle; 409 with the reason when the change is not allowed",
            description = "RESOLVED needs resolutionNote (400 with field resolutionNote without one): it is kept on the ticket and sent"
                    + " to the client as the public reply \"Resolution: ...\"")
    ResponseEntity<TicketView> status(Viewer viewer, @PathVariable TicketId ticketId, ExpectedVersion ifMatch,
                                  @Valid @RequestBody StatusChange change) {
        return ok(tickets.changeStatus(viewer, ticketId, change.status(), change.resolutionNote(), ifMatch.value()));
    }

    @PutMapping("/{ticketId}/assignee")
    @Operation(summary = "Assign to a staff member who serves the client, or unassign")
    ResponseEntity<TicketView> assign(Viewer viewer, @PathVariable TicketId ticketId, ExpectedVersion ifMatch,
                                  @RequestBody Assignment assignment) {
        return ok(tickets.assign(viewer, ticketId, assignment.assigneeId(), ifMatch.value()));
    }

    @PostMapping("/{ticketId}/escalations")
    @Operation(summary = "Escalate to the next support tier with a reason")
    ResponseEntity<TicketView> escalate(Viewer viewer, @PathVariable TicketId ticketId, ExpectedVersion ifMatch,
                                    @Valid @RequestBody Escalation escalation) {
        return ok(tickets.escalate(viewer, ticketId, escalation.reason(), ifMatch.value()));
    }

    @PostMapping("/{ticketId}/replies")
    @Operation(summary = "Reply publicly or add an internal note (staff)")
    ResponseEntity<TicketView> reply(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody Reply reply) {
        return ok(tickets.reply(viewer, ticketId, reply.body(), Boolean.TRUE.equals(reply.internal())));
    }

    @GetMapping("/{ticketId}/history")
    @Operation(summary = "Every change, reply and note (client users do not see internal notes)")
    List<HistoryEntry> history(Viewer viewer, @PathVariable TicketId ticketId) {
        return tickets.history(viewer, ticketId);
    }

    @GetMapping("/{ticketId}/sla")
    @Operation(summary = "Both SLA clocks replayed from the ticket's history, with the timeline")
    SlaStatus sla(Viewer viewer, @PathVariable TicketId ticketId) {
        return tickets.sla(viewer, ticketId).orElseThrow(() -> new NotFoundException("The client had no contract when this ticket was opened, so it has no SLA."));
    }

    @GetMapping("/{ticketId}/problem")
    @Operation(summary = "The problem record of a PROBLEM ticket (staff): root cause, workaround, known error; the ETag is the ticket's version")
    ResponseEntity<ProblemRecord> problem(Viewer viewer, @PathVariable TicketId ticketId) {
        ProblemRecord p = problems.get(viewer, ticketId);
        return IfMatch.ok(p, p.version());
    }

    @PutMapping("/{ticketId}/problem")
    @Operation(summary = "Record the root cause and workaround of a problem (staff); a known error needs both; send If-Match")
    ResponseEntity<ProblemRecord> recordProblem(Viewer viewer, @PathVariable TicketId ticketId,
                                                ExpectedVersion ifMatch,
                                                @Valid @RequestBody ProblemService.Draft draft) {
        ProblemRecord p = problems.update(viewer, ticketId, draft, ifMatch.value());
        return IfMatch.ok(p, p.version());
    }

    private static ResponseEntity<TicketView> ok(TicketView t) {
        return IfMatch.ok(t, t.version());
    }

    static TicketFilter filter(Viewer viewer, String q, UUID clientId, String status, Priority priority, Integer tier, String assignee,
                               String sla, String openedFrom, String openedTo, String breachedFrom) {
        Set<TicketStatus> statuses;
        if (status == null || status.isBlank()) {
            // A search looks for a ticket someone remembers, often one long resolved or closed: it covers every status.
            statuses = q == null || q.isBlank() ? TicketFilter.openTickets().statuses() : Set.of();
        } else if ("all".equalsIgnoreCase(status)) {
            statuses = Set.of();
        } else {
            statuses = EnumSet.noneOf(TicketStatus.class);
            for (String s : status.split(",")) {
                try {
                    statuses.add(TicketStatus.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("status", "Unknown status '" + s.strip() + "'.");
                }
            }
        }
        UUID assigneeId = null;
        boolean unassigned = false;
        if ("me".equalsIgnoreCase(assignee)) {
            assigneeId = viewer.userId().value();
        } else if ("none".equalsIgnoreCase(assignee)) {
            unassigned = true;
        } else if (assignee != null && !assignee.isBlank()) {
            try {
                assigneeId = UUID.fromString(assignee.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("assignee", "Use a user id, 'me' or 'none'.");
            }
        }
        if (tier != null && (tier < 1 || tier > 3)) {
            throw new InvalidInputException("tier", "Tiers are 1, 2 and 3.");
        }
        String standing = sla == null || sla.isBlank() ? null : sla.strip().toUpperCase(java.util.Locale.ROOT);
        if (standing != null && !TicketFilter.STANDINGS.contains(standing)) {
            throw new InvalidInputException("sla", "sla must be BREACHED, AT_RISK, ON_TRACK, PAUSED or NONE.");
        }
        return new TicketFilter(q, clientId, statuses, priority, tier, assigneeId, unassigned, standing, instant("openedFrom", openedFrom),
                instant("openedTo", openedTo), instant("breachedFrom", breachedFrom));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.strip()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(field, "Use an ISO date (2026-11-23) or instant (2026-11-23T10:00:00Z).");
            }
        }
    }
}
