package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.shared.BulkReads;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reads behind the service-desk figures of a client's month: counts, resolved tickets and the SLA-relevant history. */
@Repository
public class TicketMetricsRepository {
    private final JdbcClient jdbc;
    private final JdbcClient bulk;

    TicketMetricsRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.bulk = BulkReads.client(dataSource);
    }

    /** How many of the client's tickets opened in [from, to), by priority level. */
    public Map<Integer, Integer> openedByPriority(ClientId client, Instant from, Instant to) {
        Map<Integer, Integer> opened = new HashMap<>();
        jdbc.sql("SELECT priority, count(*) FROM ticket WHERE client_id = ? AND opened_at >= ? AND opened_at < ? GROUP BY priority")
                .params(client.value(), Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    opened.put(rs.getInt(1), rs.getInt(2));
                });
        return opened;
    }

    /** The client's tickets resolved in [from, to). */
    public List<UUID> resolvedIn(ClientId client, Instant from, Instant to) {
        return jdbc.sql("SELECT id FROM ticket WHERE client_id = ? AND resolved_at >= ? AND resolved_at < ?")
                .params(client.value(), Timestamp.from(from), Timestamp.from(to)).query(UUID.class).list();
    }

    /**
     * The SLA-relevant events (creation, escalation, staff replies, priority and status changes) of the client, in
     * scope, stamped in [openedFrom, asOf], by ticket and in the order they happened.
     */
    public Map<UUID, List<HistoryEntry>> slaEvents(TenantScope scope, ClientId client, Instant openedFrom, Instant asOf) {
        Map<UUID, List<HistoryEntry>> byTicket = HashMap.newHashMap(1024);
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.addAll(List.of(client.value(), Timestamp.from(openedFrom), Timestamp.from(asOf)));
        // A ticket's history never starts before it opened (live events are stamped now, imported ones are checked), so
        // the client's events from openedFrom on hold every event of these tickets: one range of the (client, at) index,
        // no join with the ticket table. Events of older tickets in that range are left out by the caller.
        BulkReads.Words words = new BulkReads.Words();
        bulk.sql("SELECT e.ticket_id, e.id, e.at, e.staff, e.kind, e.field, e.old_value, e.new_value FROM ticket_event e WHERE "
                        + TenantScope.sqlCondition("e.client_id") + " AND e.client_id = ? AND e.at >= ? AND e.at <= ?"
                        + " AND (e.kind IN ('CREATED', 'ESCALATED') OR (e.kind = 'PUBLIC_REPLY' AND e.staff)"
                        + " OR (e.kind = 'FIELD_CHANGED' AND e.field = 'priority') OR (e.kind = 'STATUS_CHANGED' AND e.field IN ('status', 'stage')))")
                .params(params).query(rs -> {
                    // Fields and values are a handful of words (status names, priorities) repeated in every ticket: one copy each.
                    byTicket.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>(4)).add(new HistoryEntry(rs.getLong(2),
                            rs.getTimestamp(3).toInstant(), "", rs.getBoolean(4), HistoryEntry.Kind.valueOf(rs.getString(5)),
                            words.once(rs.getString(6)), words.once(rs.getString(7)), words.once(rs.getString(8)), null));
                });
        // Sorting each ticket's few events here is cheaper than sorting all of them in the database.
        byTicket.values().forEach(h -> h.sort(java.util.Comparator.comparingLong(HistoryEntry::id)));
        return byTicket;
    }
}
