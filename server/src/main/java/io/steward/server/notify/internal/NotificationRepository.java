package io.steward.server.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.notify.Notification;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification table, always read and changed for one user. */
@Repository
public class NotificationRepository {
    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's newest 100. */
    public List<Notification> recent(UserId user) {
        return jdbc.sql("SELECT * FROM notification WHERE user_id = ? ORDER BY created_at DESC LIMIT 100").param(user.value())
                .query((rs, n) -> new Notification(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("message"),
                        rs.getObject("ticket_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("read_at") == null ? null : rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    public long unread(UserId user) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL").param(user.value())
                .query(Long.class).single();
    }

    /** Marks one of the user's notifications read (keeping an earlier read time); false if the user has no such notification. */
    public boolean markRead(UserId user, UUID id, Instant at) {
        return jdbc.sql("UPDATE notification SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?")
                .params(Timestamp.from(at), id, user.value()).update() > 0;
    }

    public void insert(UserId user, ClientId client, String kind, String message, Instant at) {
        jdbc.sql("INSERT INTO notification (id, user_id, client_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), user.value(), client == null ? null : client.value(), kind, message, Timestamp.from(at))
                .update();
    }

    public int markAllRead(UserId user, Instant at) {
        return jdbc.sql("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
                .params(Timestamp.from(at), user.value()).update();
    }
}
