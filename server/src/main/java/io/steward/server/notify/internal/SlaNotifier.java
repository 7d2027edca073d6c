package io.steward.server.notify.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import io.steward.server.servicedesk.SlaBreached;
import io.steward.server.servicedesk.SlaWarning;
import io.steward.server.shared.ClientId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the ticket's assignee, its watchers and the service managers who serve its client when an SLA is at
 * risk or breached. Runs in the announcing transaction, so an announcement and its notifications
 * commit together.
 */
@Component
class SlaNotifier {
    private final JdbcClient jdbc;
    private final Clock clock;

    SlaNotifier(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(SlaWarning w) {
        notify(w.clientId(), w.assigneeId(), w.ticketId().value(), "SLA_WARNING",
                "T-" + w.number() + " " + w.title() + ": 75 % of the " + w.clock().word() + " target used, " + w.clock().word() + " due "
                        + at(w.dueAt(), w.zone()));
    }

    @EventListener
    void on(SlaBreached b) {
        notify(b.clientId(), b.assigneeId(), b.ticketId().value(), "SLA_BREACHED",
                "T-" + b.number() + " " + b.title() + ": " + b.clock().word() + " SLA breached at " + at(b.dueAt(), b.zone()));
    }

    /** The instant in the client's zone, named, since recipients read it against their own day. */
    private static String at(java.time.Instant instant, java.time.ZoneId zone) {
        java.time.ZoneId z = zone == null ? java.time.ZoneOffset.UTC : zone;
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(z).format(instant) + " (" + z.getId() + ")";
    }

    private void notify(ClientId client, UUID assignee, UUID ticket, String kind, String message) {
        Set<UUID> recipients = new LinkedHashSet<>();
        if (assignee != null) {
            recipients.add(assignee);
        }
        recipients.addAll(jdbc.sql("""
                SELECT id FROM app_user u WHERE u.enabled AND u.role = 'SERVICE_MANAGER'
                  AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = ?))""")
                .param(client.value()).query(UUID.class).list());
        recipients.addAll(jdbc.sql("SELECT user_id FROM ticket_watcher WHERE ticket_id = ?").param(ticket).query(UUID.class).list());
        for (UUID user : recipients) {
            jdbc.sql("INSERT INTO notification (id, user_id, client_id, ticket_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID(), user, client.value(), ticket, kind, message, Timestamp.from(clock.instant())).update();
        }
    }
}
