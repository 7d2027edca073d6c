package io.steward.server.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.notify.Notification;
import io.steward.server.notify.NotificationKind;
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

    /** The user's newest 100, or only the unread ones. */
    public List<Notification> recent(UserId user, boolean unreadOnly) {
        return jdbc.sql("SELECT * FROM notification WHERE user_id = ?" + (unreadOnly ? " AND read_at IS NULL" : "")
                        + " ORDER BY created_at DESC, id LIMIT 100").param(user.value())
                .query((rs, n) -> new Notification(rs.getObject("id", UUID.class), rs.getString("kind"), NotificationKind.labelOf(rs.getString("kind")),
                        rs.getString("message"), rs.getObject("ticket_id", UUID.class), rs.getString("link"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("read_at") == null ? null : rs.getTimestamp("read_at").toInstant()))
                .list();
    }

    public long unread(UserId user) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL").param(user.value())
                .query(Long.class).single();
    }

    /**
     * Marks one of the user's notifications read (keeping an earlier read time) and answers its link ("" when it has
     * none); empty if the user has no such notification.
     */
    public Optional<String> markRead(UserId user, UUID id, Instant at) {
        return jdbc.sql("UPDATE notification SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ? RETURNING coalesce(link, '')")
                .params(Timestamp.from(at), id, user.value()).query(String.class).optional();
    }

    /**
     * One MONTHLY_REPORT notification per user unless they turned the kind off in the app, naming the report's page:
     * {@code staffLink} for staff, {@code portalLink} for the client's portal users.
     */
    public void insertReportReady(Collection<UUID> users, ClientId client, String message, String staffLink, String portalLink, Instant at) {
        if (users.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO notification (id, user_id, client_id, kind, message, link, created_at)
                        SELECT gen_random_uuid(), u.id, :client, 'MONTHLY_REPORT', :message || ': ' || l.link, l.link, :at
                        FROM app_user u CROSS JOIN LATERAL (SELECT CASE WHEN u.client_id IS NULL THEN :staff ELSE :portal END AS link) l
                        WHERE u.id IN (:users)
                          AND coalesce((SELECT p.in_app FROM notification_preference p WHERE p.user_id = u.id AND p.kind = 'MONTHLY_REPORT'), true)""")
                .param("client", client.value()).param("message", message).param("staff", staffLink).param("portal", portalLink)
                .param("at", Timestamp.from(at)).param("users", List.copyOf(users)).update();
    }

    /**
     * One notification to each of {@code users} who is an enabled staff member serving {@code client} (a scope-restricted
     * technician only for a client on their list), is not {@code actor}, and has not turned {@code kind} off in the app.
     * Answers who got it.
     */
    public List<UUID> insertForStaff(Collection<UUID> users, UUID actor, ClientId client, NotificationKind kind, String message, UUID ticket,
                                     String link, Instant at) {
        if (users.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        INSERT INTO notification (id, user_id, client_id, ticket_id, kind, message, link, created_at)
                        SELECT gen_random_uuid(), u.id, :client, :ticket, :kind, :message, :link, :at FROM app_user u
                        WHERE u.id IN (:users) AND u.id IS DISTINCT FROM :actor AND u.enabled AND u.client_id IS NULL
                          AND u.role IN ('MSP_ADMIN', 'SERVICE_MANAGER', 'TECHNICIAN')
                          AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = :client))
                          AND coalesce((SELECT p.in_app FROM notification_preference p WHERE p.user_id = u.id AND p.kind = :kind), true)
                        RETURNING user_id""")
                .param("client", client.value()).param("ticket", ticket).param("kind", kind.name()).param("message", message).param("link", link)
                .param("at", Timestamp.from(at)).param("users", List.copyOf(users)).param("actor", actor)
                .query(UUID.class).list();
    }

    public int markAllRead(UserId user, Instant at) {
        return jdbc.sql("UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
                .params(Timestamp.from(at), user.value()).update();
    }
}
