package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.Ticket;
import io.steward.server.shared.TicketId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the scheduler looks for in the ticket table: SLA warnings and breaches due to be announced
 * (and the record that they were), and tickets resolved long enough ago to close. System scope only.
 */
@Repository
public class TicketScheduleRepository {
    private final JdbcClient jdbc;

    TicketScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Kept as a constant so that a test can check the plan reads the pending-moment indexes of V56 and V76. */
    static final String SLA_MOMENTS_DUE = """
            SELECT id, kind, due FROM (
              SELECT t.id, 'BREACH' AS kind, least(t.sla_response_due, t.sla_resolution_due) AS due FROM ticket t
               WHERE t.sla_state = 'RUNNING' AND t.sla_breach_noted IS DISTINCT FROM least(t.sla_response_due, t.sla_resolution_due)
                 AND least(t.sla_response_due, t.sla_resolution_due) <= ?
              UNION ALL
              SELECT t.id, 'WARNING', least(t.sla_response_due, t.sla_resolution_due) FROM ticket t
               WHERE t.sla_state = 'RUNNING' AND t.sla_warn_noted IS DISTINCT FROM least(t.sla_response_due, t.sla_resolution_due)
                 AND t.sla_warn_at <= ?
            ) m
            WHERE due IS NOT NULL
            ORDER BY due LIMIT ?""";

    /**
     * Open tickets whose SLA warning or due instant has passed and has not been announced yet, as
     * (ticket id, kind, due instant). System scope only. The conditions repeat the predicates of the
     * partial indexes of V56 word for word, so only pending moments are read.
     */
    public List<Object[]> slaMomentsDue(Instant now, int limit) {
        Timestamp n = Timestamp.from(now);
        return jdbc.sql(SLA_MOMENTS_DUE)
                .params(n, n, limit)
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant()})
                .list();
    }

    /**
     * Takes a moment off the pending list of {@link #slaMomentsDue}, whether or not this node is the
     * one that announces it. The version is not bumped: nothing a person sees changes.
     */
    public void noteSlaMoment(TicketId id, String kind, Instant due) {
        String column = "BREACH".equals(kind) ? "sla_breach_noted" : "sla_warn_noted";
        jdbc.sql("UPDATE ticket SET " + column + " = ? WHERE id = ?").params(Timestamp.from(due), id.value()).update();
    }

    /** Kept as a constant so that a test can check the plan reads the partial index of V57. */
    static final String RESOLVED_BEFORE = "SELECT id FROM ticket WHERE status = 'RESOLVED' AND resolved_at < ? ORDER BY resolved_at LIMIT ?";

    /** Records an announced SLA moment; false if it was announced already (another node was quicker). */
    public boolean markSlaMoment(Ticket t, String kind, Instant due, Instant now) {
        return jdbc.sql("""
                INSERT INTO sla_alert (ticket_id, client_id, kind, due_at, raised_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(t.id().value(), t.clientId().value(), kind, Timestamp.from(due), Timestamp.from(now)).update() == 1;
    }

    /** Resolved tickets whose resolution is older than the cut-off. */
    public List<UUID> resolvedBefore(Instant cutoff, int limit) {
        return jdbc.sql(RESOLVED_BEFORE)
                .params(Timestamp.from(cutoff), limit).query(UUID.class).list();
    }
}
