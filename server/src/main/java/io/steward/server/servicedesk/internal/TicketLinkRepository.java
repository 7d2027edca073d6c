package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.servicedesk.TicketLinks.Link;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ticket_link and ticket_watcher tables. */
@Repository
public class TicketLinkRepository {
    private final JdbcClient jdbc;

    TicketLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of the ticket with this number, if its client is in scope. */
    public Optional<UUID> idOfNumber(TenantScope scope, long number) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(number);
        return jdbc.sql("SELECT id FROM ticket t WHERE " + TenantScope.sqlCondition("t.client_id") + " AND t.number = ?")
                .params(p).query(UUID.class).optional();
    }

    /** Links two tickets; false if they were linked already. */
    public boolean link(TicketId from, ClientId fromClient, TicketId to, ClientId toClient, String kind, Instant at) {
        return jdbc.sql("""
                INSERT INTO ticket_link (ticket_id, linked_id, client_id, linked_client_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(from.value(), to.value(), fromClient.value(), toClient.value(), kind, Timestamp.from(at))
                .update() > 0;
    }

    /** Removes the link between two tickets, whichever way it points; false if there was none. */
    public boolean unlink(TicketId a, TicketId b) {
        return jdbc.sql("DELETE FROM ticket_link WHERE (ticket_id = ? AND linked_id = ?) OR (ticket_id = ? AND linked_id = ?)")
                .params(a.value(), b.value(), b.value(), a.value()).update() > 0;
    }

    /** The ticket's links in both directions, by the other ticket's number. */
    public List<Link> links(TicketId id) {
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

    public void watch(TicketId ticket, ClientId client, UserId user) {
        jdbc.sql("INSERT INTO ticket_watcher (ticket_id, client_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(ticket.value(), client.value(), user.value()).update();
    }

    public void unwatch(TicketId ticket, UserId user) {
        jdbc.sql("DELETE FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?").params(ticket.value(), user.value()).update();
    }

    /** The watchers' display names, sorted. */
    public List<String> watchers(TicketId ticket) {
        return jdbc.sql("SELECT u.display_name FROM ticket_watcher w JOIN app_user u ON u.id = w.user_id WHERE w.ticket_id = ? ORDER BY 1")
                .param(ticket.value()).query(String.class).list();
    }

    public boolean isWatching(TicketId ticket, UserId user) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?)")
                .params(ticket.value(), user.value()).query(Boolean.class).single();
    }
}
