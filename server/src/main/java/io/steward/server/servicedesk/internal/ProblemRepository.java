package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.servicedesk.ProblemRecord;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The problem_record table: a problem ticket's root cause, workaround and known-error mark. */
@Repository
public class ProblemRepository {
    private final JdbcClient jdbc;

    ProblemRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(TicketId ticket, ClientId client, String rootCause, String workaround, boolean knownError, Instant at) {
        jdbc.sql("""
                INSERT INTO problem_record (ticket_id, client_id, root_cause, workaround, known_error, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET root_cause = EXCLUDED.root_cause, workaround = EXCLUDED.workaround,
                    known_error = EXCLUDED.known_error, updated_at = EXCLUDED.updated_at""")
                .params(ticket.value(), client.value(), rootCause, workaround, knownError, Timestamp.from(at)).update();
    }

    /** The stored record, carrying the ticket's {@code version}; empty if none was written yet. */
    public Optional<ProblemRecord> find(TicketId ticket, int version) {
        return jdbc.sql("SELECT root_cause, workaround, known_error, updated_at FROM problem_record WHERE ticket_id = ?")
                .param(ticket.value())
                .query((rs, n) -> new ProblemRecord(ticket, rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getTimestamp(4).toInstant(), version))
                .optional();
    }

    /** Known errors, of clients in scope, linked to the incident as its cause; by problem number. */
    public List<ProblemRecord> knownErrorsFor(TenantScope scope, TicketId incident) {
        List<Object> p = new ArrayList<>();
        p.add(incident.value());
        p.addAll(scope.sqlParams());
        return jdbc.sql("""
                SELECT p.ticket_id, p.root_cause, p.workaround, p.known_error, p.updated_at, t.version
                FROM ticket_link l JOIN problem_record p ON p.ticket_id = l.linked_id JOIN ticket t ON t.id = p.ticket_id
                WHERE l.ticket_id = ? AND l.kind = 'CAUSED_BY' AND p.known_error AND %s
                ORDER BY t.number""".formatted(TenantScope.sqlCondition("t.client_id")))
                .params(p)
                .query((rs, n) -> new ProblemRecord(new TicketId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getTimestamp(5).toInstant(), rs.getInt(6)))
                .list();
    }
}
