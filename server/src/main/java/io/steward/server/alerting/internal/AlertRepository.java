package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.alerting.Alert;
import io.steward.server.alerting.AutomationAlerting;
import io.steward.server.alerting.DiskForecast;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The alert table as staff read it and as the facade settles alerts, and the disk forecasts' tickets. */
@Repository
public class AlertRepository {
    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An approved device that went silent and has no open offline alert yet. */
    public record SilentDevice(UUID id, UUID clientId, String hostname, String criticality, Instant lastSeenAt, UUID siteId) {
    }

    /** At most 500 approved devices not heard from since {@code heardBefore} without an open alert of {@code offlinePolicy}. */
    public List<SilentDevice> silentDevices(Instant heardBefore, UUID offlinePolicy) {
        return jdbc.sql("""
                SELECT d.id, d.client_id, d.hostname, d.criticality, d.last_seen_at, d.site_id FROM device d
                WHERE d.status = 'APPROVED' AND d.last_seen_at < ?
                  AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.device_id = d.id AND a.policy_id = ? AND a.state = 'OPEN')
                LIMIT 500""")
                .params(Timestamp.from(heardBefore), offlinePolicy)
                .query((rs, n) -> new SilentDevice(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getObject(6, UUID.class)))
                .list();
    }

    /** An open alert of a device: its id, device, client and the ticket it opened (may be null). */
    public record OpenAlert(UUID id, DeviceId deviceId, ClientId clientId, UUID ticketId) {
    }

    /** The open alerts of {@code policy} of any of the devices (as the caller's scope sees them), in one read. */
    public List<OpenAlert> openAlerts(Collection<DeviceId> devices, UUID policy) {
        if (devices.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, device_id, client_id, ticket_id FROM alert WHERE device_id = ANY(CAST(? AS uuid[])) AND policy_id = ? AND state = 'OPEN'")
                .params(devices.stream().map(DeviceId::toString).distinct().toArray(String[]::new), policy)
                .query((rs, n) -> new OpenAlert(rs.getObject(1, UUID.class), new DeviceId(rs.getObject(2, UUID.class)),
                        new ClientId(rs.getObject(3, UUID.class)), rs.getObject(4, UUID.class)))
                .list();
    }

    /** Resolves an open offline alert (its value: 0 minutes silent); false if it was no longer open. */
    public boolean resolveOffline(UUID alert, Instant at) {
        return jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, last_value = 0 WHERE id = ? AND state = 'OPEN'")
                .params(Timestamp.from(at), alert).update() == 1;
    }

    /** Resolves an open alert nothing would clear any more; false if it was no longer open. */
    public boolean resolveOrphan(UUID alert, Instant at) {
        return jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, flapping = false WHERE id = ? AND state = 'OPEN'")
                .params(Timestamp.from(at), alert).update() == 1;
    }

    public String hostname(DeviceId device) {
        return jdbc.sql("SELECT hostname FROM device WHERE id = ?").param(device.value()).query(String.class).single();
    }

    public void attachTicket(List<UUID> alertIds, UUID ticketId) {
        jdbc.sql("UPDATE alert SET ticket_id = ? WHERE id = ANY(CAST(? AS uuid[]))")
                .params(ticketId, alertIds.stream().map(UUID::toString).sorted().toArray(String[]::new)).update();
    }

    public void attachForecastTicket(DeviceId device, String instance, UUID ticketId) {
        jdbc.sql("UPDATE disk_forecast SET ticket_id = ? WHERE device_id = ? AND instance = ?").params(ticketId, device.value(), instance).update();
    }

    /**
     * The stored forecast of each of the device's file systems, and for those with too little history today (new, or
     * cleaned up since) how many days they have instead of a date.
     */
    public List<DiskForecast> forecasts(DeviceId device, java.time.LocalDate today) {
        java.util.Map<String, List<DiskFillForecast.DailyMark>> marks = new java.util.TreeMap<>();
        jdbc.sql("SELECT instance, day, used_pct FROM fs_daily_high WHERE device_id = ? AND day > ?")
                .params(device.value(), java.sql.Date.valueOf(today.minusDays(DiskFillForecast.LOOKBACK_DAYS)))
                .query((rs, n) -> marks.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                        .add(new DiskFillForecast.DailyMark(rs.getDate(2).toLocalDate(), rs.getDouble(3))))
                .list();
        java.util.Map<String, DiskForecast> stored = new java.util.TreeMap<>();
        jdbc.sql("SELECT * FROM disk_forecast WHERE device_id = ?").param(device.value())
                .query((rs, n) -> {
                    java.time.LocalDate fullOn = rs.getDate("full_on") == null ? null : rs.getDate("full_on").toLocalDate();
                    return new DiskForecast(rs.getObject("device_id", UUID.class), rs.getString("instance"), rs.getTimestamp("computed_at").toInstant(),
                            rs.getDouble("slope_per_day"), rs.getDouble("fitted_pct"), fullOn, rs.getObject("ticket_id", UUID.class), 0,
                            fullOn == null ? "not rising" : fullOn.toString());
                })
                .list().forEach(f -> stored.put(f.instance(), f));
        java.util.Set<String> instances = new java.util.TreeSet<>(marks.keySet());
        instances.addAll(stored.keySet());
        List<DiskForecast> out = new java.util.ArrayList<>();
        for (String instance : instances) {
            int days = DiskFillForecast.historyDays(marks.getOrDefault(instance, List.of()), today);
            DiskForecast f = stored.get(instance);
            if (f != null && io.steward.server.alerting.ForecastHistory.enough(days)) {
                out.add(new DiskForecast(f.deviceId(), instance, f.computedAt(), f.slopePerDay(), f.fittedPct(), f.fullOn(), f.ticketId(), days,
                        f.forecast()));
            } else {
                out.add(new DiskForecast(device.value(), instance, f == null ? null : f.computedAt(), null, null, null,
                        f == null ? null : f.ticketId(), days, io.steward.server.alerting.ForecastHistory.notEnough(days)));
            }
        }
        return out;
    }

    /** The newest value of a metric not yet in device_latest (still in the telemetry fold), if any. */
    @FunctionalInterface
    public interface PendingValue {
        java.util.OptionalDouble of(DeviceId device, String metric, String instance);
    }

    /**
     * Alerts in scope, newest first, at most 500; null filters do not filter. An open alert shows the
     * metric's newest value: {@code pending} if the fold holds one, else device_latest's, else its own.
     */
    public List<Alert> list(TenantScope scope, String state, String severity, DeviceId device, PendingValue pending) {
        return list(scope, state, severity, device, null, null, pending);
    }

    /** As above; {@code notSnoozedAt} leaves out alerts snoozed at that instant, {@code alert} narrows to one alert. */
    public List<Alert> list(TenantScope scope, String state, String severity, DeviceId device, Instant notSnoozedAt, UUID alert, PendingValue pending) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String where = TenantScope.sqlCondition("a.client_id");
        if (notSnoozedAt != null) {
            where += " AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?)";
            p.add(Timestamp.from(notSnoozedAt));
        }
        if (alert != null) {
            where += " AND a.id = ?";
            p.add(alert);
        }
        if (severity != null) {
            where += " AND p.severity = ?";
            p.add(severity);
        }
        if (state != null) {
            where += " AND a.state = ?";
            p.add(state);
        }
        if (device != null) {
            where += " AND a.device_id = ?";
            p.add(device.value());
        }
        return jdbc.sql("""
                SELECT a.*, d.hostname, c.name AS client_name, p.name AS policy, p.severity, p.metric,
                       CASE WHEN a.state = 'OPEN' THEN coalesce((m.latest -> (p.metric || '|' || a.instance) ->> 0)::float8, a.last_value)
                            ELSE a.last_value END AS shown_value FROM alert a
                JOIN device d ON d.id = a.device_id JOIN client c ON c.id = a.client_id JOIN alert_policy p ON p.id = a.policy_id
                -- The device's latest values by key, not through the metric_latest view, which would unfold every device's values.
                LEFT JOIN device_latest m ON m.device_id = a.device_id
                WHERE """ + where + " ORDER BY a.opened_at DESC LIMIT 500").params(p)
                .query((rs, n) -> new Alert(rs.getObject("id", UUID.class), rs.getObject("device_id", UUID.class), rs.getString("hostname"),
                        rs.getString("client_name"), rs.getString("policy"), rs.getString("severity"), rs.getString("metric"), rs.getString("instance"),
                        rs.getString("state"), rs.getTimestamp("opened_at").toInstant(),
                        rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant(),
                        // An open alert shows the newest value, which may still be in the telemetry fold rather than in device_latest.
                        "OPEN".equals(rs.getString("state"))
                                ? pending.of(new DeviceId(rs.getObject("device_id", UUID.class)), rs.getString("metric"), rs.getString("instance"))
                                        .orElse(rs.getDouble("shown_value"))
                                : rs.getDouble("shown_value"),
                        rs.getObject("ticket_id", UUID.class), rs.getObject("suppressed_by", UUID.class), rs.getObject("policy_id", UUID.class),
                        rs.getBoolean("flapping"), rs.getString("suppressed_reason"), rs.getString("acknowledged_by"),
                        instant(rs, "acknowledged_at"), instant(rs, "snoozed_until"), rs.getBoolean("grouped")))
                .list();
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The state and incident of an alert in scope, if there is one. */
    public record AlertRef(UUID id, UUID clientId, UUID ticketId, String state, String acknowledgedBy) {
    }

    public Optional<AlertRef> find(TenantScope scope, UUID alert) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(alert);
        return jdbc.sql("SELECT id, client_id, ticket_id, state, acknowledged_by FROM alert a WHERE " + TenantScope.sqlCondition("a.client_id")
                        + " AND a.id = ?").params(p)
                .query((rs, n) -> new AlertRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** Records who acknowledged an open alert unless someone already did (the first acknowledgement stands); true if this one did. */
    public boolean acknowledge(UUID alert, String by, Instant at) {
        return jdbc.sql("UPDATE alert SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL")
                .params(by, Timestamp.from(at), alert).update() == 1;
    }

    public void unacknowledge(UUID alert) {
        jdbc.sql("UPDATE alert SET acknowledged_by = NULL, acknowledged_at = NULL WHERE id = ?").param(alert).update();
    }

    /** Snoozes an alert until the instant; null wakes it. */
    public void snooze(UUID alert, Instant until) {
        jdbc.sql("UPDATE alert SET snoozed_until = ? WHERE id = ?").params(until == null ? null : Timestamp.from(until), alert).update();
    }

    /** The newest alert in scope that opened or re-fired this incident, if any. */
    public Optional<UUID> ofTicket(TenantScope scope, UUID ticket) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(ticket);
        // A storm incident has no one alert of its own: its grouped alerts are counted instead (stormCounts).
        return jdbc.sql("SELECT id FROM alert a WHERE " + TenantScope.sqlCondition("a.client_id")
                        + " AND a.ticket_id = ? AND NOT a.grouped ORDER BY a.opened_at DESC LIMIT 1")
                .params(p).query(UUID.class).optional();
    }

    /** How many grouped alerts belong to the storm incident, and how many of them are open: {total, open}. */
    public long[] stormCounts(TenantScope scope, UUID ticket) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(ticket);
        return jdbc.sql("SELECT count(*), count(*) FILTER (WHERE a.state = 'OPEN') FROM alert a WHERE " + TenantScope.sqlCondition("a.client_id")
                        + " AND a.ticket_id = ? AND a.grouped")
                .params(p).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** An open alert of a policy, with what its clearing announces. */
    public record OpenOfPolicy(UUID id, UUID deviceId, UUID clientId, UUID ticketId, String instance, double lastValue, String hostname) {
    }

    public List<OpenOfPolicy> openOfPolicy(TenantScope scope, UUID policy) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(policy);
        return jdbc.sql("SELECT a.id, a.device_id, a.client_id, a.ticket_id, a.instance, a.last_value, d.hostname FROM alert a JOIN device d ON d.id = a.device_id "
                        + "WHERE " + TenantScope.sqlCondition("a.client_id") + " AND a.policy_id = ? AND a.state = 'OPEN'")
                .params(params)
                .query((rs, n) -> new OpenOfPolicy(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getDouble(6), rs.getString(7)))
                .list();
    }

    /**
     * Open alerts of {@code policies} that were announced when they opened (not suppressed), opened in [from, before),
     * oldest first, after {@code after} (null: from the start); at most {@code limit}. In the caller's scope (RLS).
     */
    public List<AutomationAlerting.AnnouncedAlert> announcedOpen(Collection<UUID> policies, Instant from, Instant before,
                                                                 AutomationAlerting.AnnouncedAlert after, int limit) {
        if (policies.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(uuidArray(policies), Timestamp.from(from), Timestamp.from(before)));
        String page = "";
        if (after != null) {
            page = " AND (opened_at, id) > (?, ?)";
            params.add(Timestamp.from(after.openedAt()));
            params.add(after.id());
        }
        params.add(limit);
        return jdbc.sql("SELECT id, device_id, client_id, policy_id, ticket_id, opened_at FROM alert WHERE state = 'OPEN' AND suppressed_reason IS NULL "
                        + "AND policy_id = ANY(CAST(? AS uuid[])) AND opened_at >= ? AND opened_at < ?" + page + " ORDER BY opened_at, id LIMIT ?")
                .params(params)
                .query((rs, n) -> new AutomationAlerting.AnnouncedAlert(rs.getObject(1, UUID.class), new DeviceId(rs.getObject(2, UUID.class)),
                        new ClientId(rs.getObject(3, UUID.class)), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Those of {@code alerts} that are resolved, with their incidents; in the caller's scope (RLS). */
    public List<AutomationAlerting.Resolution> resolved(Collection<UUID> alerts) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, client_id, ticket_id, resolved_at FROM alert WHERE id = ANY(CAST(? AS uuid[])) AND state = 'RESOLVED'")
                .param(uuidArray(alerts))
                .query((rs, n) -> new AutomationAlerting.Resolution(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
                        rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant()))
                .list();
    }

    private static String uuidArray(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
