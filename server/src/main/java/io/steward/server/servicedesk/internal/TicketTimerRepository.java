package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ticket_timer table: who times which ticket since when. Row-level security hides timers on unseen clients. */
@Repository
public class TicketTimerRepository {
    private final JdbcClient jdbc;

    TicketTimerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A running timer of a user, by ticket. */
    public record Running(TicketId ticketId, Instant startedAt) {
    }

    /** The user's running timers the current scope sees, oldest first (the service keeps it to one). */
    public List<Running> ofUser(UserId user) {
        return jdbc.sql("SELECT ticket_id, started_at FROM ticket_timer WHERE user_id = ? ORDER BY started_at")
                .param(user.value())
                .query((rs, n) -> new Running(new TicketId(rs.getObject("ticket_id", UUID.class)), rs.getTimestamp("started_at").toInstant()))
                .list();
    }

    public void start(UserId user, TicketId ticket, ClientId client, Instant at) {
        jdbc.sql("INSERT INTO ticket_timer (user_id, ticket_id, client_id, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(user.value(), ticket.value(), client.value(), Timestamp.from(at))
                .update();
    }

    /** Removes the timer; false when none ran (another request stopped it first). */
    public boolean stop(UserId user, TicketId ticket) {
        return jdbc.sql("DELETE FROM ticket_timer WHERE user_id = ? AND ticket_id = ?").params(user.value(), ticket.value()).update() == 1;
    }
}
