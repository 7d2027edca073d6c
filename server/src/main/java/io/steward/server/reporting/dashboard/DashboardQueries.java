package io.steward.server.reporting.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dashboards' read-only SQL over the service desk's, registry's and alerting's tables. Every query carries the
 * viewer's scope (and row-level security applies underneath). Shapes are chosen for 1,000,000 tickets: the open-ticket
 * figures are one index-only pass over the open queue index (V7), breaches and volume read their own indexes (V50).
 */
@Repository
class DashboardQueries {
    /** The open statuses as constants, so the planner matches the partial open-queue index. */
    static final String OPEN = "t.status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CLIENT')";

    private final JdbcClient jdbc;

    DashboardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Open tickets counted by priority, assignee and SLA standing. */
    record OpenCount(int priority, UUID assignee, SlaStanding standing, long count) {
    }

    /** Open tickets of one client with one SLA standing. */
    record ClientOpenCount(UUID client, SlaStanding standing, long count) {
    }

    /** Both counts of the open tickets, from one pass over them. */
    record OpenFigures(List<OpenCount> byPriority, List<ClientOpenCount> byClient) {
    }

    OpenFigures openTickets(TenantScope scope, Instant now) {
        List<Object> p = new ArrayList<>();
        Timestamp n = Timestamp.from(now);
        for (int i = 0; i < SlaStanding.SQL_PARAMS; i++) {
            p.add(n);
        }
        p.addAll(scope.sqlParams());
        List<OpenCount> byPriority = new ArrayList<>();
        List<ClientOpenCount> byClient = new ArrayList<>();
        // Two grouping sets over one index-only scan of the open queue index (V7 includes client_id): the per-client
        // ranking costs no second pass over the open tickets.
        jdbc.sql("SELECT GROUPING(o.client_id), o.client_id, o.priority, o.assignee_id, o.standing, count(*) FROM (SELECT t.client_id, t.priority, "
                        + "t.assignee_id, " + SlaStanding.SQL + " AS standing FROM ticket t WHERE " + TenantScope.sqlCondition("t.client_id") + " AND "
                        + OPEN + ") o GROUP BY GROUPING SETS ((o.priority, o.assignee_id, o.standing), (o.client_id, o.standing))")
                .params(p)
                .query(rs -> {
                    SlaStanding standing = SlaStanding.valueOf(rs.getString(5));
                    if (rs.getInt(1) == 1) {
                        byPriority.add(new OpenCount(rs.getInt(3), rs.getObject(4, UUID.class), standing, rs.getLong(6)));
                    } else {
                        byClient.add(new ClientOpenCount(rs.getObject(2, UUID.class), standing, rs.getLong(6)));
                    }
                });
        return new OpenFigures(byPriority, byClient);
    }

    /** Open alerts per client. */
    Map<UUID, Long> openAlertsByClient(TenantScope scope) {
        Map<UUID, Long> byClient = new java.util.HashMap<>();
        jdbc.sql("SELECT a.client_id, count(*) FROM alert a WHERE " + TenantScope.sqlCondition("a.client_id") + " AND a.state = 'OPEN' GROUP BY 1")
                .params(scope.sqlParams())
                .query(rs -> {
                    byClient.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        return byClient;
    }

    /** Names of clients. */
    Map<UUID, String> clientNames(TenantScope scope, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(ids.stream().map(UUID::toString).toArray(String[]::new));
        Map<UUID, String> names = new java.util.HashMap<>();
        jdbc.sql("SELECT c.id, c.name FROM client c WHERE " + TenantScope.sqlCondition("c.id") + " AND c.id = ANY(CAST(? AS uuid[]))")
                .params(p)
                .query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return names;
    }

    /** Open changes submitted for approval and not yet decided, the longest waiting first: how many, and the first {@code limit}. */
    MspDashboard.PendingChanges changesAwaitingApproval(TenantScope scope, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(limit);
        long[] total = {0};
        List<MspDashboard.PendingChange> first = new ArrayList<>();
        jdbc.sql("SELECT t.id, t.number, t.title, c.id, c.name, t.opened_at, count(*) OVER () FROM change_request cr JOIN ticket t ON t.id = cr.ticket_id "
                        + "JOIN client c ON c.id = cr.client_id WHERE " + TenantScope.sqlCondition("cr.client_id") + " AND cr.stage = 'SUBMITTED' AND "
                        + OPEN + " ORDER BY t.opened_at, t.number LIMIT ?")
                .params(p)
                .query(rs -> {
                    first.add(new MspDashboard.PendingChange(rs.getObject(1, UUID.class), "T-" + rs.getLong(2), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getTimestamp(6).toInstant()));
                    total[0] = rs.getLong(7);
                });
        return new MspDashboard.PendingChanges(total[0], first);
    }

    /** Tickets in any status whose SLA breach was recorded at or after {@code since}. */
    long breachedSince(TenantScope scope, Instant since) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(Timestamp.from(since));
        return jdbc.sql("SELECT count(*) FROM ticket t WHERE " + TenantScope.sqlCondition("t.client_id") + " AND t.sla_breached_at >= ?")
                .params(p).query(Long.class).single();
    }

    /** The {@code limit} clients with the most tickets opened since {@code from}. */
    List<MspDashboard.ClientVolume> topClients(TenantScope scope, Instant from, int limit) {
        List<Object> p = new ArrayList<>();
        p.add(Timestamp.from(from));
        p.addAll(scope.sqlParams());
        p.add(limit);
        // One range count per client over ticket_client_opened_idx (client, opened): a few hundred short index scans,
        // and no index of its own for the ticket create to write.
        return jdbc.sql("SELECT c.id, c.name, v.n FROM client c CROSS JOIN LATERAL (SELECT count(*) AS n FROM ticket t WHERE t.client_id = c.id"
                        + " AND t.opened_at >= ?) v WHERE " + TenantScope.sqlCondition("c.id") + " AND v.n > 0 ORDER BY v.n DESC, c.name LIMIT ?")
                .params(p)
                .query((rs, i) -> new MspDashboard.ClientVolume(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /** Display names of users. */
    Map<UUID, String> userNames(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new java.util.HashMap<>();
        jdbc.sql("SELECT id, display_name FROM app_user WHERE id = ANY(CAST(? AS uuid[]))")
                .params((Object) ids.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return names;
    }

    /** Open alerts by policy severity. */
    Map<String, Long> openAlertsBySeverity(TenantScope scope) {
        Map<String, Long> bySeverity = new java.util.HashMap<>();
        jdbc.sql("SELECT p.severity, count(*) FROM alert a JOIN alert_policy p ON p.id = a.policy_id WHERE "
                        + TenantScope.sqlCondition("a.client_id") + " AND a.state = 'OPEN' GROUP BY p.severity")
                .params(scope.sqlParams())
                .query(rs -> {
                    bySeverity.put(rs.getString(1), rs.getLong(2));
                });
        return bySeverity;
    }

    /** Device counts; a device is online when heard from at or after {@code heardSince}. */
    DeviceHealth devices(TenantScope scope, Instant heardSince) {
        List<Object> p = new ArrayList<>();
        Timestamp h = Timestamp.from(heardSince);
        p.add(h);
        p.add(h);
        p.addAll(scope.sqlParams());
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE d.status = 'APPROVED'),
                               count(*) FILTER (WHERE d.status = 'APPROVED' AND d.last_seen_at >= ?),
                               count(*) FILTER (WHERE d.status = 'APPROVED' AND (d.last_seen_at IS NULL OR d.last_seen_at < ?)),
                               count(*) FILTER (WHERE d.status = 'APPROVED'
                                   AND EXISTS (SELECT 1 FROM alert a WHERE a.device_id = d.id AND a.state = 'OPEN')),
                               count(*) FILTER (WHERE d.status = 'PENDING')
                        FROM device d WHERE """ + TenantScope.sqlCondition("d.client_id"))
                .params(p)
                .query((rs, i) -> new DeviceHealth(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .single();
    }

    /** Left out of a client contact's figures when their client keeps the tickets monitoring opened internal. */
    private static final String NOT_ALERT = " AND t.source <> 'ALERT'";

    /** Open tickets by status; without the tickets monitoring opened when {@code hideAlerts}. */
    Map<TicketStatus, Long> openByStatus(TenantScope scope, boolean hideAlerts) {
        Map<TicketStatus, Long> byStatus = new java.util.EnumMap<>(TicketStatus.class);
        Arrays.stream(TicketStatus.values()).filter(TicketStatus::open).forEach(s -> byStatus.put(s, 0L));
        jdbc.sql("SELECT t.status, count(*) FROM ticket t WHERE " + TenantScope.sqlCondition("t.client_id") + " AND " + OPEN
                        + (hideAlerts ? NOT_ALERT : "") + " GROUP BY t.status")
                .params(scope.sqlParams())
                .query(rs -> {
                    byStatus.put(TicketStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return byStatus;
    }

    /** The most recently opened open tickets; without the tickets monitoring opened when {@code hideAlerts}. */
    List<ClientDashboard.OpenTicket> recentOpen(TenantScope scope, boolean hideAlerts, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(limit);
        return jdbc.sql("SELECT t.id, t.number, t.title, t.status, t.priority, t.opened_at FROM ticket t WHERE "
                        + TenantScope.sqlCondition("t.client_id") + " AND " + OPEN + (hideAlerts ? NOT_ALERT : "") + " ORDER BY t.opened_at DESC, t.number DESC LIMIT ?")
                .params(p)
                .query((rs, i) -> new ClientDashboard.OpenTicket(rs.getObject(1, UUID.class), "T-" + rs.getLong(2), rs.getString(3),
                        TicketStatus.valueOf(rs.getString(4)), "P" + rs.getInt(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Approved devices with open alerts, the most critical and most alerting first. */
    List<ClientDashboard.AlertingDevice> alertingDevices(TenantScope scope, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(limit);
        return jdbc.sql("""
                        SELECT d.id, d.hostname, count(*) AS n,
                               CASE WHEN bool_or(p.severity = 'CRITICAL') THEN 'CRITICAL' ELSE 'WARNING' END AS worst,
                               array_agg(DISTINCT p.name ORDER BY p.name) AS policies
                        FROM alert a JOIN device d ON d.id = a.device_id JOIN alert_policy p ON p.id = a.policy_id
                        WHERE """ + TenantScope.sqlCondition("a.client_id") + """
                         AND a.state = 'OPEN' AND d.status = 'APPROVED'
                        GROUP BY d.id, d.hostname
                        ORDER BY bool_or(p.severity = 'CRITICAL') DESC, n DESC, lower(d.hostname) LIMIT ?""")
                .params(p)
                .query((rs, i) -> new ClientDashboard.AlertingDevice(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getString(4), List.of((String[]) rs.getArray(5).getArray())))
                .list();
    }

    /** A device as the portal lists it, before its state and time are put in the viewer's terms. */
    record DeviceRow(UUID id, String hostname, String os, String status, Instant lastSeenAt, long openAlerts, List<String> policies) {
    }

    /** Approved and pending devices in scope (retired ones are history, not the client's fleet), or only {@code only} when given. */
    List<DeviceRow> portalDevices(TenantScope scope, UUID only) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        if (only != null) {
            p.add(only);
        }
        return jdbc.sql("""
                        SELECT d.id, d.hostname, d.os, d.status, d.last_seen_at,
                               (SELECT count(*) FROM alert a WHERE a.device_id = d.id AND a.state = 'OPEN') AS alerts,
                               ARRAY(SELECT DISTINCT p.name FROM alert a JOIN alert_policy p ON p.id = a.policy_id
                                     WHERE a.device_id = d.id AND a.state = 'OPEN' ORDER BY p.name) AS policies
                        FROM device d WHERE """ + TenantScope.sqlCondition("d.client_id") + " AND d.status IN ('APPROVED', 'PENDING')"
                        + (only == null ? "" : " AND d.id = ?") + " ORDER BY lower(d.hostname), d.id")
                .params(p)
                .query((rs, i) -> new DeviceRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getLong(6),
                        List.of((String[]) rs.getArray(7).getArray())))
                .list();
    }
}
