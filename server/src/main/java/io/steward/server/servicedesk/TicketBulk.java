package io.steward.server.servicedesk;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.steward.server.servicedesk.BulkTicketChange.Action;
import io.steward.server.servicedesk.BulkTicketChange.Outcome;
import io.steward.server.servicedesk.internal.DeskStaff;
import io.steward.server.servicedesk.internal.TicketLinkRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk actions from the queue: assign, change status or priority, merge duplicates. Each ticket is changed through
 * {@link TicketService} exactly as a single change would be (roles, tenant scope, the moves {@link Ticket} allows), in a
 * transaction of its own: a ticket is changed completely or not at all, and one refusal does not hold back the others.
 * A merge closes each duplicate (resolved, then closed) with an internal note and a DUPLICATE_OF link to the survivor,
 * so its replies stay on it, one link away from the survivor.
 */
@Service
public class TicketBulk {
    private final TicketService tickets;
    private final TicketLinkRepository links;
    private final DeskStaff staff;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public TicketBulk(TicketService tickets, TicketLinkRepository links, DeskStaff staff, TransactionTemplate transactions, Clock clock) {
        this.tickets = tickets;
        this.links = links;
        this.staff = staff;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Enabled staff for the bulk assignment picker, by name. */
    public List<Map.Entry<UUID, String>> assignableStaff(Viewer viewer) {
        requireDesk(viewer);
        return staff.enabled();
    }

    /** The id of the ticket with this number ("T-7", "#7" or "7", as a search reads it) if the viewer sees it. */
    public UUID idOfNumber(Viewer viewer, String number) {
        long n = io.steward.server.servicedesk.internal.TicketSearch.number(number)
                .orElseThrow(() -> new InvalidInputException("survivorId", "Enter the surviving ticket's number, such as T-42."));
        return links.idOfNumber(viewer.scope(), n)
                .orElseThrow(() -> new InvalidInputException("survivorId", "No ticket T-" + n + " that you can see."));
    }

    /** Applies the change to every ticket; 400 for a request that names no valid change, else each ticket's outcome. */
    public BulkTicketChange.Result apply(Viewer viewer, BulkTicketChange change) {
        requireDesk(viewer);
        List<UUID> ids = new ArrayList<>(new LinkedHashSet<>(change.ticketIds() == null ? List.<UUID>of() : change.ticketIds()));
        ids.removeIf(Objects::isNull);
        if (ids.isEmpty() || ids.size() > BulkTicketChange.MAX) {
            throw new InvalidInputException("ticketIds", "Choose between 1 and " + BulkTicketChange.MAX + " tickets.");
        }
        if (change.action() == null) {
            throw new InvalidInputException("action", "Choose an action: ASSIGN, STATUS, PRIORITY or MERGE.");
        }
        return switch (change.action()) {
            case ASSIGN -> each(viewer, Action.ASSIGN, ids, assignment(viewer, change.assignee()));
            case STATUS -> {
                TicketStatus to = require(change.status(), "status", "Choose the status to move the tickets to.");
                yield each(viewer, Action.STATUS, ids, id -> {
                    // Resolving asks for a note, as on one ticket; the same note goes to each ticket's client.
                    tickets.changeStatus(viewer, id, to, change.resolutionNote(), tickets.get(viewer, id).version());
                    return "Now " + TicketLifecycle.label(to) + ".";
                });
            }
            case PRIORITY -> {
                var p = require(change.priority(), "priority", "Choose the priority.");
                yield each(viewer, Action.PRIORITY, ids, id -> {
                    TicketView t = tickets.get(viewer, id);
                    if (t.priority() == p) {
                        throw new ConflictException("priority", "Already " + p + ".");
                    }
                    // The ticket's own fields with the new priority: the edit a person would make on the ticket page.
                    tickets.update(viewer, id, new TicketUpdate(t.title(), t.description(), t.category(),
                            t.siteId() == null ? null : t.siteId().value(), t.requesterId() == null ? null : t.requesterId().value(),
                            t.impact(), t.urgency(), p, change.priorityReason()), t.version());
                    return "Now " + p + ".";
                });
            }
            case MERGE -> merge(viewer, ids, require(change.survivorId(), "survivorId", "Choose the ticket that survives the merge."));
        };
    }

    private Function<TicketId, String> assignment(Viewer viewer, String assignee) {
        String who = assignee == null ? "" : assignee.strip();
        if (who.isEmpty()) {
            throw new InvalidInputException("assignee", "Choose whom to assign the tickets to: me, a technician, or none.");
        }
        UUID to;
        if ("me".equalsIgnoreCase(who)) {
            to = viewer.userId().value();
        } else if ("none".equalsIgnoreCase(who)) {
            to = null;
        } else {
            try {
                to = UUID.fromString(who);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("assignee", "Use 'me', 'none' or a staff member's id.");
            }
        }
        return id -> {
            TicketView t = tickets.get(viewer, id);
            if (Objects.equals(t.assigneeId() == null ? null : t.assigneeId().value(), to)) {
                throw new ConflictException("assignee", to == null ? "Already unassigned." : "Already assigned to " + t.assigneeName() + ".");
            }
            TicketView after = tickets.assign(viewer, id, to, t.version());
            return to == null ? "Unassigned." : "Assigned to " + after.assigneeName() + ".";
        };
    }

    private BulkTicketChange.Result merge(Viewer viewer, List<UUID> ids, UUID survivorId) {
        TicketView survivor;
        try {
            survivor = tickets.get(viewer, new TicketId(survivorId));
        } catch (NotFoundException e) {
            throw new InvalidInputException("survivorId", "No such ticket that you can see.");
        }
        if (survivor.status() == TicketStatus.CLOSED) {
            throw new InvalidInputException("survivorId", survivor.reference() + " is closed; merge into an open ticket.");
        }
        List<String> merged = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (UUID id : ids) {
            if (id.equals(survivorId)) {
                outcomes.add(new Outcome(id, survivor.reference(), true, "Survives the merge."));
                continue;
            }
            Outcome o = one(viewer, id, ticketId -> closeAsDuplicate(viewer, ticketId, survivor));
            if (o.changed()) {
                merged.add(o.reference());
            }
            outcomes.add(o);
        }
        if (!merged.isEmpty()) {
            tickets.reply(viewer, survivor.id(), "Merged " + String.join(", ", merged) + " into this ticket as duplicates; their replies"
                    + " stay on them, linked from here.", true);
        }
        return BulkTicketChange.Result.of(Action.MERGE, outcomes);
    }

    private String closeAsDuplicate(Viewer viewer, TicketId id, TicketView survivor) {
        TicketView d = tickets.get(viewer, id);
        if (!d.clientId().equals(survivor.clientId())) {
            throw new ConflictException("survivorId", "A duplicate must be for the same client as " + survivor.reference() + ".");
        }
        d.ticket().requireNotClosed();
        TicketView after = tickets.reply(viewer, id, "Closed as a duplicate of " + survivor.reference() + " (" + survivor.title() + ").", true);
        if (after.status() != TicketStatus.RESOLVED) {
            after = tickets.changeStatus(viewer, id, TicketStatus.RESOLVED, "Merged into " + survivor.reference() + " (" + survivor.title()
                    + "), where the work continues.", after.version());
        }
        tickets.changeStatus(viewer, id, TicketStatus.CLOSED, after.version());
        links.link(d.id(), d.clientId(), survivor.id(), survivor.clientId(), "DUPLICATE_OF", clock.instant());
        return "Closed as a duplicate of " + survivor.reference() + ".";
    }

    private BulkTicketChange.Result each(Viewer viewer, Action action, List<UUID> ids, Function<TicketId, String> change) {
        List<Outcome> outcomes = new ArrayList<>();
        for (UUID id : ids) {
            outcomes.add(one(viewer, id, change));
        }
        return BulkTicketChange.Result.of(action, outcomes);
    }

    /** One ticket's change in its own transaction; a refusal rolls back everything done to that ticket. */
    private Outcome one(Viewer viewer, UUID id, Function<TicketId, String> change) {
        TicketId ticketId = new TicketId(id);
        String[] reference = {null};
        try {
            String done = transactions.execute(status -> {
                reference[0] = tickets.get(viewer, ticketId).reference();
                return change.apply(ticketId);
            });
            return new Outcome(id, reference[0], true, done);
        } catch (NotFoundException e) {
            // Not "yours", not "another client's": an id the viewer cannot see is simply not there.
            return new Outcome(id, null, false, "No such ticket.");
        } catch (InvalidInputException e) {
            return new Outcome(id, reference[0], false, String.join(" ", e.fieldErrors().values()));
        } catch (ConflictException | ForbiddenException | StaleVersionException e) {
            return new Outcome(id, reference[0], false, e.getMessage());
        }
    }

    private static void requireDesk(Viewer viewer) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
    }

    private static <T> T require(T value, String field, String message) {
        if (value == null) {
            throw new InvalidInputException(field, message);
        }
        return value;
    }
}
