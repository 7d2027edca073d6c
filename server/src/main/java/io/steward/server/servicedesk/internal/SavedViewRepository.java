package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saved ticket views, always read and written for one user. */
@Repository
public class SavedViewRepository {
    /** A stored row: the filters as the queue's query string. */
    public record Row(UUID id, String name, String filters) {
    }

    private final JdbcClient jdbc;

    public SavedViewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> list(UUID userId) {
        return jdbc.sql("SELECT id, name, filters FROM saved_ticket_view WHERE user_id = ? ORDER BY lower(name)").param(userId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
    }

    /** Inserts the view unless the user has one of that name (any case); returns whether it was inserted. */
    public boolean insert(UUID userId, Row row, Instant now) {
        return jdbc.sql("""
                INSERT INTO saved_ticket_view (id, user_id, name, filters, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, lower(name)) DO NOTHING""")
                .params(row.id(), userId, row.name(), row.filters(), Timestamp.from(now)).update() == 1;
    }

    public boolean delete(UUID userId, UUID id) {
        return jdbc.sql("DELETE FROM saved_ticket_view WHERE user_id = ? AND id = ?").params(userId, id).update() == 1;
    }
}
