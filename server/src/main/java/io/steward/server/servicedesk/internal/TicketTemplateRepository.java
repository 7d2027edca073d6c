package io.steward.server.servicedesk.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketTemplate;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ticket_template table: MSP-wide rows for every scope, a client's rows within the scope that sees that client. */
@Repository
public class TicketTemplateRepository {
    private static final String SELECT = """
            SELECT t.id, t.client_id, c.name AS client_name, t.name, t.type, t.title, t.description, t.category, t.impact, t.urgency,
                   t.priority_override, t.priority_reason, t.version
              FROM ticket_template t LEFT JOIN client c ON c.id = t.client_id
             WHERE (t.client_id IS NULL OR\s""" + TenantScope.sqlCondition("t.client_id") + ")";

    private final JdbcClient jdbc;

    TicketTemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Templates by name; with {@code forClient}, only the MSP-wide ones and that client's. */
    public List<TicketTemplate> list(TenantScope scope, UUID forClient) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String only = "";
        if (forClient != null) {
            only = " AND (t.client_id IS NULL OR t.client_id = ?)";
            p.add(forClient);
        }
        return jdbc.sql(SELECT + only + " ORDER BY lower(t.name), c.name NULLS FIRST").params(p).query(TicketTemplateRepository::map).list();
    }

    public Optional<TicketTemplate> find(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql(SELECT + " AND t.id = ?").params(p).query(TicketTemplateRepository::map).optional();
    }

    public void insert(UUID id, Values v, Instant now) {
        jdbc.sql("""
                INSERT INTO ticket_template (id, client_id, name, type, title, description, category, impact, urgency, priority_override,
                                             priority_reason, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, v.clientId(), v.name(), v.type().name(), v.title(), v.description(), v.category(), v.impact().name(),
                        v.urgency().name(), v.priorityOverride() == null ? null : v.priorityOverride().name(), v.priorityReason(),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    /** Replaces the template's fields if it is still at {@code expectedVersion}; false otherwise. */
    public boolean update(UUID id, Values v, int expectedVersion, Instant now) {
        return jdbc.sql("""
                UPDATE ticket_template SET client_id = ?, name = ?, type = ?, title = ?, description = ?, category = ?, impact = ?, urgency = ?,
                       priority_override = ?, priority_reason = ?, updated_at = ?, version = version + 1
                 WHERE id = ? AND version = ?""")
                .params(v.clientId(), v.name(), v.type().name(), v.title(), v.description(), v.category(), v.impact().name(), v.urgency().name(),
                        v.priorityOverride() == null ? null : v.priorityOverride().name(), v.priorityReason(), Timestamp.from(now), id,
                        expectedVersion)
                .update() == 1;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM ticket_template WHERE id = ?").param(id).update() == 1;
    }

    /** A template's stored fields, checked by the service. */
    public record Values(UUID clientId, String name, TicketType type, String title, String description, String category, Level impact,
                         Level urgency, Priority priorityOverride, String priorityReason) {
    }

    private static TicketTemplate map(ResultSet rs, int n) throws SQLException {
        String override = rs.getString("priority_override");
        return new TicketTemplate(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getString("client_name"),
                rs.getString("name"), TicketType.valueOf(rs.getString("type")), rs.getString("title"), rs.getString("description"),
                rs.getString("category"), Level.valueOf(rs.getString("impact")), Level.valueOf(rs.getString("urgency")),
                override == null ? null : Priority.valueOf(override), rs.getString("priority_reason"), rs.getInt("version"));
    }
}
