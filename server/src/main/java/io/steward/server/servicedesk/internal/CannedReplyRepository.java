package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.servicedesk.CannedReply;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The canned_reply table: the MSP's wording, shared by all staff. */
@Repository
public class CannedReplyRepository {
    private final JdbcClient jdbc;

    CannedReplyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<CannedReply> list() {
        return jdbc.sql("SELECT id, name, body, version FROM canned_reply ORDER BY lower(name)").query(CannedReplyRepository::map).list();
    }

    public Optional<CannedReply> find(UUID id) {
        return jdbc.sql("SELECT id, name, body, version FROM canned_reply WHERE id = ?").param(id).query(CannedReplyRepository::map).optional();
    }

    public void insert(UUID id, String name, String body, Instant now) {
        jdbc.sql("INSERT INTO canned_reply (id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, name, body, Timestamp.from(now), Timestamp.from(now)).update();
    }

    /** Replaces name and body if the reply is still at {@code expectedVersion}; false otherwise. */
    public boolean update(UUID id, String name, String body, int expectedVersion, Instant now) {
        return jdbc.sql("UPDATE canned_reply SET name = ?, body = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(name, body, Timestamp.from(now), id, expectedVersion).update() == 1;
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM canned_reply WHERE id = ?").param(id).update() == 1;
    }

    private static CannedReply map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new CannedReply(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4));
    }
}
