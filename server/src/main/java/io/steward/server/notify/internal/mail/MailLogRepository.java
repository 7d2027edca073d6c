package io.steward.server.notify.internal.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail_outbox as a delivery log: recent rows, counts by status, and a failed row queued again. */
@Repository
class MailLogRepository {
    private static final String COLUMNS = "id, kind, recipient, subject, status, attempts, next_attempt_at, last_error, created_at, sent_at";
    private final JdbcClient jdbc;

    MailLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<MailLog.Entry> recent(String status, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mail_outbox WHERE (:status::text IS NULL OR status = :status) ORDER BY created_at DESC, id LIMIT :limit")
                .param("status", status).param("limit", limit).query((rs, n) -> entry(rs)).list();
    }

    Optional<MailLog.Entry> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mail_outbox WHERE id = ?").param(id).query((rs, n) -> entry(rs)).optional();
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String s : List.of("QUEUED", "SENDING", "SENT", "FAILED", "BOUNCED", "SUPPRESSED")) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS n FROM mail_outbox GROUP BY status")
                .query((rs, n) -> Map.entry(rs.getString("status"), rs.getLong("n"))).list().forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** A failed row queued again, due now, with a fresh count of attempts (the backoff starts over). */
    int requeue(UUID id, Instant now) {
        return jdbc.sql("UPDATE mail_outbox SET status = 'QUEUED', attempts = 0, next_attempt_at = ?, claim = NULL WHERE id = ? AND status = 'FAILED'")
                .params(Timestamp.from(now), id).update();
    }

    private static MailLog.Entry entry(ResultSet rs) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new MailLog.Entry(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("status"), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), sent == null ? null : sent.toInstant());
    }
}
