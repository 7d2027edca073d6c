package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Marks incidents a standard script fixed. Only an incident Steward resolved by itself when its alert cleared (nobody
 * had worked on it) counts as remediated automatically; one a person still holds gets the note and stays theirs, so
 * the report never credits a script with a person's work.
 */
@Component
public class RemediationMarks {
    private final JdbcClient jdbc;
    private final TicketRepository tickets;
    private final Clock clock;

    RemediationMarks(JdbcClient jdbc, TicketRepository tickets, Clock clock) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** True when the incident was marked remediated by {@code taskId}; false when it only got the note (or is gone). */
    @Transactional
    public boolean markRemediated(ClientId clientId, TicketId id, UUID taskId, String note) {
        TenantScope scope = TenantScope.of(clientId);
        Ticket t = tickets.find(scope, id).map(TicketView::ticket).orElse(null);
        if (t == null) {
            return false;
        }
        Instant now = clock.instant();
        boolean touched = tickets.history(scope, id, true).stream()
                .anyMatch(h -> h.kind() != HistoryEntry.Kind.CREATED && !TicketAutomation.SYSTEM_ACTOR.equals(h.actor()));
        boolean marked = !touched && !t.status().open() && jdbc.sql("""
                        UPDATE ticket SET remediated_by_task = ?, remediated_at = ?
                        WHERE id = ? AND client_id = ? AND remediated_at IS NULL AND status = 'RESOLVED'""")
                .params(taskId, Timestamp.from(now), id.value(), clientId.value()).update() == 1;
        String text = marked ? "Resolved as remediated automatically. " + note
                : note + " Someone has worked on this ticket, so it is not counted as remediated automatically.";
        tickets.addEvent(t, now, null, TicketAutomation.SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, text);
        return marked;
    }
}
