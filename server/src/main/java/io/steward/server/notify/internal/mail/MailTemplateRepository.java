package io.steward.server.notify.internal.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail_template table: the MSP's changed texts by kind code. */
@Repository
class MailTemplateRepository {
    private final JdbcClient jdbc;

    MailTemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored text. */
    record Stored(String subject, String body, Instant updatedAt) {
    }

    Optional<Stored> find(String kind) {
        return jdbc.sql("SELECT subject, body, updated_at FROM mail_template WHERE kind = ?").param(kind)
                .query((rs, n) -> new Stored(rs.getString("subject"), rs.getString("body"), rs.getTimestamp("updated_at").toInstant())).optional();
    }

    Map<String, Stored> all() {
        return jdbc.sql("SELECT kind, subject, body, updated_at FROM mail_template")
                .query((rs, n) -> Map.entry(rs.getString("kind"), new Stored(rs.getString("subject"), rs.getString("body"),
                        rs.getTimestamp("updated_at").toInstant())))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void save(String kind, String subject, String body, Instant at, UUID by) {
        jdbc.sql("""
                INSERT INTO mail_template (kind, subject, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at,
                                                 updated_by = excluded.updated_by""")
                .params(kind, subject, body, Timestamp.from(at), by).update();
    }

    boolean delete(String kind) {
        return jdbc.sql("DELETE FROM mail_template WHERE kind = ?").param(kind).update() == 1;
    }
}
