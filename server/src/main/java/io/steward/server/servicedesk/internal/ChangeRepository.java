package io.steward.server.servicedesk.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeStage;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The change_request and change_approval tables: a change ticket's plan, stage, window and approvals. */
@Repository
public class ChangeRepository {
    private final JdbcClient jdbc;
    private final TicketRepository tickets;

    ChangeRepository(JdbcClient jdbc, TicketRepository tickets) {
        this.jdbc = jdbc;
        this.tickets = tickets;
    }

    public void insertChange(Ticket t, UserId requestedBy, boolean emergency) {
        jdbc.sql("INSERT INTO change_request (ticket_id, client_id, stage, requested_by, emergency) VALUES (?, ?, 'DRAFT', ?, ?)")
                .params(t.id().value(), t.clientId().value(), requestedBy == null ? null : requestedBy.value(), emergency).update();
    }

    public Optional<Change> change(TicketId id) {
        List<Change.Approval> approvals = jdbc.sql(
                        "SELECT * FROM change_approval WHERE ticket_id = ? ORDER BY decided_at").param(id.value())
                .query((rs, n) -> new Change.Approval(rs.getObject("approver_id", UUID.class),
                        rs.getString("approver_name"), rs.getBoolean("client_side"), rs.getString("decision"), rs.getString("comment"),
                        rs.getTimestamp("decided_at").toInstant()))
                .list();
        return jdbc.sql("SELECT * FROM change_request WHERE ticket_id = ?").param(id.value())
                .query((rs, n) -> new Change(id.value(),
                        ChangeStage.valueOf(rs.getString("stage")),
                        Change.Risk.valueOf(rs.getString("risk")), rs.getString("implementation_plan"),
                        rs.getString("backout_plan"), rs.getInt("approvals_required"), rs.getObject("requested_by", UUID.class),
                        instant(rs, "window_start"), instant(rs, "window_end"), approvals, rs.getBoolean("emergency"),
                        rs.getString("outcome") == null ? null : Change.Outcome.valueOf(rs.getString("outcome"))))
                .optional();
    }

    public void saveChange(Change c) {
        jdbc.sql("""
                UPDATE change_request SET stage = ?, risk = ?, implementation_plan = ?, backout_plan = ?, approvals_required = ?,
                    window_start = ?, window_end = ?, emergency = ?, outcome = ? WHERE ticket_id = ?""")
                .params(c.stage().name(), c.risk().name(), c.implementationPlan(), c.backoutPlan(), c.approvalsRequired(),
                        ts(c.windowStart()), ts(c.windowEnd()), c.emergency(), c.outcome() == null ? null : c.outcome().name(), c.ticketId())
                .update();
    }

    /** Records a decision; false if this approver already decided. */
    public boolean addApproval(Ticket t, UUID approver, String name, boolean clientSide, String decision, String comment, Instant at) {
        return jdbc.sql("""
                INSERT INTO change_approval (ticket_id, client_id, approver_id, approver_name, client_side, decision, comment, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(t.id().value(), t.clientId().value(), approver, name, clientSide, decision, comment, Timestamp.from(at)).update() == 1;
    }

    /** Scheduled and implemented changes whose window overlaps [from, to), in the scope. */
    public List<Map.Entry<TicketView, Change>> changeCalendar(TenantScope scope, Instant from, Instant to) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(Timestamp.from(to));
        p.add(Timestamp.from(from));
        List<UUID> ids = jdbc.sql("""
                SELECT r.ticket_id FROM change_request r JOIN ticket t ON t.id = r.ticket_id
                WHERE """ + TenantScope.sqlCondition("t.client_id") + " AND r.stage IN ('APPROVED', 'SCHEDULED', 'IMPLEMENTING', 'IMPLEMENTED', 'REVIEWED') AND r.window_start < ? AND r.window_end > ? "
                + "ORDER BY r.window_start").params(p).query(UUID.class).list();
        List<Map.Entry<TicketView, Change>> out = new ArrayList<>();
        for (UUID id : ids) {
            TicketId tid = new TicketId(id);
            out.add(Map.entry(tickets.find(scope, tid).orElseThrow(), change(tid).orElseThrow()));
        }
        return out;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
