package io.steward.server.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's own notifications: list, count unread, mark read. */
@Service
public class NotificationService {
    private final JdbcClient jdbc;
    private final Clock clock;

    public NotificationService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Notification> recent(Viewer viewer) {
        return jdbc.sql("SELECT * FROM notification WHERE user_id = ? ORDER BY created_at DESC LIMIT 100").param(viewer.userId().value())
                .query((rs, n) -> new Notification(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("message"),
                        rs.getObject("ticket_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("read_at") == null ? null : rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public long unread(Viewer viewer) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL").param(viewer.userId().value())
                .query(Long.class).single();
    }

    @Transactional
    public void markRead(Viewer viewer, UUID id) {
        int rows = jdbc.sql("UPDATE notification SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?")
                .params(Timestamp.from(clock.instant()), id, viewer.userId().value()).update();
        if (rows == 0) {
            throw new NotFoundException("No such notification.");
        }
    }

    /**
     * Tells one user about something of a client that is not a ticket (such as a stored monthly report). Joins the
     * caller's transaction, so the notification commits with what it announces.
     */
    @Transactional
    public void send(UserId user, ClientId client, String kind, String message) {
        jdbc.sql("INSERT INTO notification (id, user_id, client_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), user.value(), client == null ? null : client.value(), kind, message, Timestamp.from(clock.instant()))
                .update();
    }

    @Transactional
    public int markAllRead(Viewer viewer) {
        return jdbc.sql("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
                .params(Timestamp.from(clock.instant()), viewer.userId().value()).update();
    }
}
