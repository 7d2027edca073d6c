package io.steward.server.servicedesk;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Problem management on PROBLEM tickets (staff only: problems are the MSP's own analysis).
 * Invariants: a known error has both a root cause and a workaround; every change of the record is
 * in the problem's history and bumps the ticket's version, so concurrent edits get 412.
 */
@Service
public class ProblemService {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};

    private final TicketService tickets;
    private final TicketRepository repository;
    private final JdbcClient jdbc;
    private final Clock clock;

    public ProblemService(TicketService tickets, TicketRepository repository, JdbcClient jdbc, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The record as submitted; {@code knownError} absent means false. */
    public record Draft(@Size(max = 20_000) String rootCause, @Size(max = 20_000) String workaround, Boolean knownError) {
    }

    @Transactional(readOnly = true)
    public ProblemRecord get(Viewer viewer, TicketId id) {
        return record(problem(viewer, id));
    }

    @Transactional
    public ProblemRecord update(Viewer viewer, TicketId id, Draft draft, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket t = problem(viewer, id);
        if (t.version() != expectedVersion) {
            throw new StaleVersionException(t.version(), record(t));
        }
        if (t.status() == TicketStatus.CLOSED) {
            throw new ConflictException("status", "A closed problem cannot change; raise a new one.");
        }
        String cause = text(draft.rootCause(), "rootCause");
        String workaround = text(draft.workaround(), "workaround");
        boolean known = Boolean.TRUE.equals(draft.knownError());
        if (known && (cause.isEmpty() || workaround.isEmpty())) {
            throw new InvalidInputException("knownError", "A known error needs its root cause and a workaround.");
        }
        ProblemRecord before = record(t);
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO problem_record (ticket_id, client_id, root_cause, workaround, known_error, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET root_cause = EXCLUDED.root_cause, workaround = EXCLUDED.workaround,
                    known_error = EXCLUDED.known_error, updated_at = EXCLUDED.updated_at""")
                .params(t.id().value(), t.clientId().value(), cause, workaround, known, Timestamp.from(now)).update();
        changed(viewer, t, now, "rootCause", before.rootCause(), cause);
        changed(viewer, t, now, "workaround", before.workaround(), workaround);
        changed(viewer, t, now, "knownError", String.valueOf(before.knownError()), String.valueOf(known));
        if (!repository.update(viewer.scope(), t, expectedVersion, now)) {
            Ticket current = tickets.get(viewer, id);
            throw new StaleVersionException(current.version(), record(current));
        }
        return get(viewer, id);
    }

    private Ticket problem(Viewer viewer, TicketId id) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such ticket.");
        }
        Ticket t = tickets.get(viewer, id);
        if (t.type() != TicketType.PROBLEM) {
            throw new ConflictException("type", "Only a problem ticket has a problem record.");
        }
        return t;
    }

    private ProblemRecord record(Ticket t) {
        return jdbc.sql("SELECT root_cause, workaround, known_error, updated_at FROM problem_record WHERE ticket_id = ?")
                .param(t.id().value())
                .query((rs, n) -> new ProblemRecord(t.id(), rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getTimestamp(4).toInstant(), t.version()))
                .optional()
                .orElse(new ProblemRecord(t.id(), "", "", false, null, t.version()));
    }

    private void changed(Viewer viewer, Ticket t, Instant now, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            repository.addEvent(t, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.FIELD_CHANGED, field,
                    TicketService.abbreviate(before), TicketService.abbreviate(after), null);
        }
    }

    private static java.util.List<Object> scoped(Viewer viewer, TicketId incident) {
        java.util.List<Object> p = new java.util.ArrayList<>();
        p.add(incident.value());
        p.addAll(viewer.scope().sqlParams());
        return p;
    }

    private static String text(String s, String field) {
        String t = s == null ? "" : s.strip();
        if (t.length() > 20_000) {
            throw new InvalidInputException(field, "Keep it under 20,000 characters.");
        }
        return t;
    }

    /** Known errors linked to an incident, for showing their workaround beside it. */
    @Transactional(readOnly = true)
    public java.util.List<ProblemRecord> knownErrorsFor(Viewer viewer, TicketId incident) {
        if (!viewer.isStaff()) {
            return java.util.List.of();
        }
        return jdbc.sql("""
                SELECT p.ticket_id, p.root_cause, p.workaround, p.known_error, p.updated_at, t.version
                FROM ticket_link l JOIN problem_record p ON p.ticket_id = l.linked_id JOIN ticket t ON t.id = p.ticket_id
                WHERE l.ticket_id = ? AND l.kind = 'CAUSED_BY' AND p.known_error AND %s
                ORDER BY t.number""".formatted(io.steward.server.shared.TenantScope.sqlCondition("t.client_id")))
                .params(scoped(viewer, incident))
                .query((rs, n) -> new ProblemRecord(new TicketId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getTimestamp(5).toInstant(), rs.getInt(6)))
                .list();
    }
}
