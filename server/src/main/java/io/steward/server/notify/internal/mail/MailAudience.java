package io.steward.server.notify.internal.mail;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.notify.NotificationKind;
import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only look-ups for whom a mail goes to, as {@code notify.internal.Audience} does for notifications: a ticket's
 * requester contact, staff by their email choice per kind, a client's portal users, and the Message-IDs of a ticket's
 * earlier client mail for threading.
 */
@Component
class MailAudience {
    private static final String SERVES = """
            u.enabled AND u.client_id IS NULL AND u.role IN ('MSP_ADMIN', 'SERVICE_MANAGER', 'TECHNICIAN')
              AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = :client))""";

    private final JdbcClient jdbc;

    MailAudience(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Someone a mail goes to. */
    record Person(UUID id, String name, String email) {
    }

    /** A ticket as mails name it. */
    record Ticket(UUID id, long number, ClientId client, String title) {
        String reference() {
            return "T-" + number;
        }
    }

    Optional<Ticket> ticket(UUID id) {
        return jdbc.sql("SELECT id, number, client_id, title FROM ticket WHERE id = ?").param(id)
                .query((rs, n) -> new Ticket(rs.getObject("id", UUID.class), rs.getLong("number"), new ClientId(rs.getObject("client_id", UUID.class)),
                        rs.getString("title"))).optional();
    }

    /** The ticket's requester contact, when it has one with an email address. */
    Optional<Person> requester(UUID ticket) {
        return jdbc.sql("""
                        SELECT c.id, c.first_name || ' ' || c.last_name AS name, c.email FROM ticket t JOIN contact c ON c.id = t.requester_id
                        WHERE t.id = ? AND c.email LIKE '%_@_%'""").param(ticket)
                .query((rs, n) -> new Person(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email").strip())).optional();
    }

    String clientName(ClientId client) {
        return jdbc.sql("SELECT name FROM client WHERE id = ?").param(client.value()).query(String.class).optional().orElse("");
    }

    String userName(UUID user) {
        return user == null ? "" : jdbc.sql("SELECT display_name FROM app_user WHERE id = ?").param(user).query(String.class).optional().orElse("");
    }

    /**
     * Of {@code users}: the enabled staff serving {@code client}, other than {@code actor}, who want {@code kind} by email
     * (their stored choice, else the kind's default).
     */
    List<Person> staffWantingEmail(Collection<UUID> users, UUID actor, ClientId client, NotificationKind kind) {
        if (users.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT u.id, u.display_name, u.email FROM app_user u
                        WHERE u.id IN (:users) AND u.id IS DISTINCT FROM :actor AND %s
                          AND coalesce((SELECT p.email FROM notification_preference p WHERE p.user_id = u.id AND p.kind = :kind), :byDefault)
                        ORDER BY u.email""".formatted(SERVES))
                .param("users", List.copyOf(users)).param("actor", actor).param("client", client.value()).param("kind", kind.name())
                .param("byDefault", kind.emailByDefault())
                .query((rs, n) -> new Person(rs.getObject("id", UUID.class), rs.getString("display_name"), rs.getString("email"))).list();
    }

    /** The client's enabled portal users. */
    List<Person> portalUsers(ClientId client) {
        return jdbc.sql("SELECT id, display_name, email FROM app_user WHERE client_id = ? AND role = 'CLIENT_USER' AND enabled ORDER BY email")
                .param(client.value())
                .query((rs, n) -> new Person(rs.getObject("id", UUID.class), rs.getString("display_name"), rs.getString("email"))).list();
    }

    /** Of {@code users}: the client's enabled portal users. */
    List<Person> portalUsers(Collection<UUID> users, ClientId client) {
        return portalUsers(client).stream().filter(p -> users.contains(p.id())).toList();
    }

    /** Message-IDs of the mails about the ticket that went to the client's side, oldest first (the last {@code limit}). */
    List<String> clientThread(UUID ticket, int limit) {
        List<String> clientKinds = java.util.Arrays.stream(MailKind.values()).filter(MailKind::toClient).map(MailKind::name).toList();
        return jdbc.sql("""
                        SELECT message_id FROM (SELECT message_id, created_at FROM mail_outbox WHERE ticket_id = :ticket AND kind IN (:kinds)
                                                ORDER BY created_at DESC LIMIT :limit) recent ORDER BY created_at""")
                .param("ticket", ticket).param("kinds", clientKinds).param("limit", limit).query(String.class).list();
    }
}
