package io.steward.server.notify.internal;

import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may be told about something of a client: read-only look-ups of staff accounts, their client scope and ticket
 * watchers, as the SLA notifications always did. Whether someone actually gets a notification (enabled, serving the
 * client, not the actor, the kind on) is decided once more where it is written ({@link NotificationRepository#insertForStaff}).
 */
@Component
class Audience {
    private static final String SERVES = """
            u.enabled AND u.client_id IS NULL
              AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = :client))""";

    private final JdbcClient jdbc;

    Audience(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A staff member who serves a client, as a mention can name them. */
    record Staff(UUID id, String email, String displayName) {
    }

    /** The technicians of support tier {@code tier} who serve the client. */
    List<UUID> technicians(ClientId client, int tier) {
        return jdbc.sql("SELECT u.id FROM app_user u WHERE u.role = 'TECHNICIAN' AND u.support_tier = :tier AND " + SERVES)
                .param("tier", tier).param("client", client.value()).query(UUID.class).list();
    }

    /** The service managers who serve the client. */
    List<UUID> managers(ClientId client) {
        return jdbc.sql("SELECT u.id FROM app_user u WHERE u.role = 'SERVICE_MANAGER' AND " + SERVES)
                .param("client", client.value()).query(UUID.class).list();
    }

    /** Who approves for the MSP: service managers and MSP admins serving the client. */
    List<UUID> approvers(ClientId client) {
        return jdbc.sql("SELECT u.id FROM app_user u WHERE u.role IN ('SERVICE_MANAGER', 'MSP_ADMIN') AND " + SERVES)
                .param("client", client.value()).query(UUID.class).list();
    }

    /** All staff serving the client, for resolving mentions. */
    List<Staff> staff(ClientId client) {
        return jdbc.sql("SELECT u.id, u.email, u.display_name FROM app_user u WHERE u.role IN ('SERVICE_MANAGER', 'MSP_ADMIN', 'TECHNICIAN') AND " + SERVES)
                .param("client", client.value())
                .query((rs, n) -> new Staff(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name"))).list();
    }

    List<UUID> watchers(UUID ticket) {
        return jdbc.sql("SELECT user_id FROM ticket_watcher WHERE ticket_id = ?").param(ticket).query(UUID.class).list();
    }

    /** The client's name, for the message; empty if it is not visible (it always is, to the scope that raised the event). */
    String clientName(ClientId client) {
        return jdbc.sql("SELECT name FROM client WHERE id = ?").param(client.value()).query(String.class).optional().orElse("");
    }
}
