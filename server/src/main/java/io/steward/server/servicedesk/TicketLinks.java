package io.steward.server.servicedesk;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.servicedesk.internal.TicketLinkRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links between tickets (an incident caused by a problem, or related tickets) and the staff who
 * watch a ticket. A link is shown only to someone who sees both tickets; a CAUSED_BY link points
 * at a problem.
 */
@Service
public class TicketLinks {
    private final TicketService tickets;
    private final TicketLinkRepository repository;
    private final Clock clock;

    public TicketLinks(TicketService tickets, TicketLinkRepository repository, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.clock = clock;
    }

    /** A link as seen from one ticket. */
    public record Link(UUID ticketId, long number, String title, TicketType type, TicketStatus status, String kind, boolean outgoing) {
    }

    @Transactional
    public List<Link> link(Viewer viewer, TicketId from, long targetNumber, String kind) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        TicketView source = tickets.get(viewer, from);
        if (!"CAUSED_BY".equals(kind) && !"RELATES_TO".equals(kind)) {
            throw new InvalidInputException("kind", "A link is CAUSED_BY (a problem) or RELATES_TO.");
        }
        UUID targetId = repository.idOfNumber(viewer.scope(), targetNumber).orElseThrow(() -> new InvalidInputException("number", "No ticket T-" + targetNumber + " that you can see."));
        TicketView target = tickets.get(viewer, new TicketId(targetId));
        if (target.id().equals(source.id())) {
            throw new InvalidInputException("number", "A ticket cannot be linked to itself.");
        }
        if ("CAUSED_BY".equals(kind) && target.type() != TicketType.PROBLEM) {
            throw new InvalidInputException("number", "CAUSED_BY points at a problem; T-" + targetNumber + " is not one.");
        }
        if (!repository.link(source.id(), source.clientId(), target.id(), target.clientId(), kind, clock.instant())) {
            throw new ConflictException("number", "The tickets are linked already.");
        }
        return links(viewer, from);
    }

    @Transactional
    public List<Link> unlink(Viewer viewer, TicketId from, TicketId other) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        tickets.get(viewer, from);
        if (!repository.unlink(from, other)) {
            throw new NotFoundException("The tickets are not linked.");
        }
        return links(viewer, from);
    }

    /** Links in both directions: "caused by" from an incident, "causes" seen from the problem. */
    @Transactional(readOnly = true)
    public List<Link> links(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        return repository.links(id);
    }

    @Transactional
    public void watch(Viewer viewer, TicketId id, boolean watching) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.ForbiddenException("Watching tickets is for MSP staff.");
        }
        TicketView t = tickets.get(viewer, id);
        if (watching) {
            repository.watch(t.id(), t.clientId(), viewer.userId());
        } else {
            repository.unwatch(t.id(), viewer.userId());
        }
    }

    @Transactional(readOnly = true)
    public List<String> watchers(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        return repository.watchers(id);
    }

    @Transactional(readOnly = true)
    public boolean isWatching(Viewer viewer, TicketId id) {
        return repository.isWatching(id, viewer.userId());
    }
}
