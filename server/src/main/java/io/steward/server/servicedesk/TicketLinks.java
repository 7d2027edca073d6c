package io.steward.server.servicedesk;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final JdbcClient jdbc;
    private final Clock clock;

    public TicketLinks(TicketService tickets, JdbcClient jdbc, Clock clock) {
        this.tickets = tickets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A link as seen from one ticket. */
    public record Link(UUID ticketId, long number, String title, TicketType type, TicketStatus status, String kind, boolean outgoing) {
    }

    @Transactional
    public List<Link> link(Viewer viewer, TicketId from, long targetNumber, String kind) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        Ticket source = tickets.get(viewer, from);
        if (!"CAUSED_BY".equals(kind) && !"RELATES_TO".equals(kind)) {
            throw new InvalidInputException("kind", "A link is CAUSED_BY (a problem) or RELATES_TO.");
        }
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(targetNumber);
        UUID targetId = jdbc.sql("SELECT id FROM ticket t WHERE " + TenantScope.sqlCondition("t.client_id") + " AND t.number = ?")
                .params(p).query(UUID.class).optional()
                .orElseThrow(() -> new InvalidInputException("number", "No ticket T-" + targetNumber + " that you can see."));
        Ticket target = tickets.get(viewer, new TicketId(targetId));
        if (target.id().equals(source.id())) {
            throw new InvalidInputException("number", "A ticket cannot be linked to itself.");
        }
        if ("CAUSED_BY".equals(kind) && target.type() != TicketType.PROBLEM) {
            throw new InvalidInputException("number", "CAUSED_BY points at a problem; T-" + targetNumber + " is not one.");
        }
        int rows = jdbc.sql("""
                INSERT INTO ticket_link (ticket_id, linked_id, client_id, linked_client_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(source.id().value(), target.id().value(), source.clientId().value(), target.clientId().value(), kind,
                        Timestamp.from(clock.instant()))
                .update();
        if (rows == 0) {
            throw new ConflictException("number", "The tickets are linked already.");
        }
        return links(viewer, from);
    }

    @Transactional
    public List<Link> unlink(Viewer viewer, TicketId from, TicketId other) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        tickets.get(viewer, from);
        int rows = jdbc.sql("DELETE FROM ticket_link WHERE (ticket_id = ? AND linked_id = ?) OR (ticket_id = ? AND linked_id = ?)")
                .params(from.value(), other.value(), other.value(), from.value()).update();
        if (rows == 0) {
            throw new NotFoundException("The tickets are not linked.");
        }
        return links(viewer, from);
    }

    /** Links in both directions: "caused by" from an incident, "causes" seen from the problem. */
    @Transactional(readOnly = true)
    public List<Link> links(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        return jdbc.sql("""
                SELECT t.id, t.number, t.title, t.type, t.status, l.kind, true AS outgoing FROM ticket_link l JOIN ticket t ON t.id = l.linked_id
                 WHERE l.ticket_id = ?
                UNION ALL
                SELECT t.id, t.number, t.title, t.type, t.status, l.kind, false FROM ticket_link l JOIN ticket t ON t.id = l.ticket_id
                 WHERE l.linked_id = ?
                ORDER BY 2""")
                .params(id.value(), id.value())
                .query((rs, n) -> new Link(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), TicketType.valueOf(rs.getString(4)),
                        TicketStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getBoolean(7)))
                .list();
    }

    @Transactional
    public void watch(Viewer viewer, TicketId id, boolean watching) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.ForbiddenException("Watching tickets is for MSP staff.");
        }
        Ticket t = tickets.get(viewer, id);
        if (watching) {
            jdbc.sql("INSERT INTO ticket_watcher (ticket_id, client_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(t.id().value(), t.clientId().value(), viewer.userId().value()).update();
        } else {
            jdbc.sql("DELETE FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?").params(t.id().value(), viewer.userId().value()).update();
        }
    }

    @Transactional(readOnly = true)
    public List<String> watchers(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        return jdbc.sql("SELECT u.display_name FROM ticket_watcher w JOIN app_user u ON u.id = w.user_id WHERE w.ticket_id = ? ORDER BY 1")
                .param(id.value()).query(String.class).list();
    }

    @Transactional(readOnly = true)
    public boolean isWatching(Viewer viewer, TicketId id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?)")
                .params(id.value(), viewer.userId().value()).query(Boolean.class).single();
    }
}
