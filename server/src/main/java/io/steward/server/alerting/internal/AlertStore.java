package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.MaintenanceWindow;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The writes of an alert's transitions, each in the caller's transaction: open (recorded but
 * paging nobody inside a maintenance window or while the device is offline), clear, and mark
 * flapping. Only transitions come here, so the steady state writes nothing.
 */
@Component
public class AlertStore {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AlertingProperties properties;
    private final AlertStorms storms;

    public AlertStore(JdbcClient jdbc, ApplicationEventPublisher events, AlertingProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.storms = new AlertStorms(properties.stormAlertsPerMinute());
    }

    /** What is raised: device facts, the policy's identity and the value that crossed its threshold. */
    public record Raise(DeviceId deviceId, ClientId clientId, UUID siteId, String hostname, String criticality, UUID policyId, String policy,
                       String severity, String metric, String instance, double value, double threshold) {
    }

    /** Opens the alert; returns its id (an already open one's if another node was first). */
    public UUID raise(Raise r, Instant now) {
        UUID window = activeWindow(r.clientId().value(), r.deviceId().value(), r.siteId(), now);
        boolean offline = !r.policyId().equals(PolicyCache.OFFLINE_POLICY) && jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM alert WHERE device_id = ? AND policy_id = ? AND state = 'OPEN')")
                .params(r.deviceId().value(), PolicyCache.OFFLINE_POLICY).query(Boolean.class).single();
        // Someone snoozed this condition on this device: its repeats until then are recorded (and stay snoozed) but page nobody.
        Instant snoozedUntil = jdbc.sql("""
                        SELECT snoozed_until FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? AND snoozed_until > ?
                        ORDER BY snoozed_until DESC LIMIT 1""")
                .params(r.deviceId().value(), r.policyId(), r.instance(), Timestamp.from(now))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional().orElse(null);
        String reason = window != null ? "MAINTENANCE" : offline ? "OFFLINE" : snoozedUntil != null ? "SNOOZED" : null;
        // Only alerts that page someone count towards a storm: recorded-only ones open no incident anyway.
        boolean grouped = reason == null && storms.raised(r.clientId(), now);
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value, suppressed_by, suppressed_reason,
                                           snoozed_until, grouped)
                        VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (device_id, policy_id, instance) WHERE state = 'OPEN' DO NOTHING""")
                .params(id, r.deviceId().value(), r.clientId().value(), r.policyId(), r.instance(), Timestamp.from(now), r.value(), window, reason,
                        snoozedUntil == null ? null : Timestamp.from(snoozedUntil), grouped)
                .update();
        if (inserted == 0) {
            return jdbc.sql("SELECT id FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'OPEN'")
                    .params(r.deviceId().value(), r.policyId(), r.instance()).query(UUID.class).single();
        }
        if (reason != null) {
            // Started inside maintenance, while the device is offline (its offline incident covers it) or snoozed: recorded, pages nobody.
            return id;
        }
        if (grouped) {
            // One of a storm: it joins the client's storm incident, not the one it had before.
            events.publishEvent(new AlertRaised(id, r.deviceId(), r.clientId(), r.hostname(), r.criticality(), r.policy(), r.severity(), r.metric(),
                    r.instance(), r.value(), r.threshold(), null, true));
            return id;
        }
        UUID previous = jdbc.sql("""
                        SELECT ticket_id FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'RESOLVED'
                          AND ticket_id IS NOT NULL AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1""")
                .params(r.deviceId().value(), r.policyId(), r.instance(), Timestamp.from(now.minus(properties.refireWindow())))
                .query(UUID.class).optional().orElse(null);
        events.publishEvent(new AlertRaised(id, r.deviceId(), r.clientId(), r.hostname(), r.criticality(), r.policy(), r.severity(), r.metric(),
                r.instance(), r.value(), r.threshold(), previous));
        return id;
    }

    /** Resolves the open alert of (device, policy, instance), if there is one, and says so. */
    public void clear(DeviceId device, ClientId client, String hostname, UUID policyId, String policy, String metric, String instance, double value,
                      Instant now) {
        Optional<AlertCleared> open = jdbc.sql("""
                        UPDATE alert SET state = 'RESOLVED', resolved_at = ?, last_value = ?, flapping = false
                        WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'OPEN' RETURNING id, ticket_id, grouped""")
                .params(Timestamp.from(now), value, device.value(), policyId, instance)
                .query((rs, n) -> new AlertCleared(rs.getObject(1, UUID.class), client, rs.getObject(2, UUID.class), hostname, policy, metric, instance,
                        value, null, rs.getBoolean(3))).optional();
        open.ifPresent(events::publishEvent);
    }

    /** The alert flipped too often: it stays open, says so, and its incident gets a note. */
    public void markFlapping(DeviceId device, ClientId client, UUID policyId, String policy, String instance, double value) {
        jdbc.sql("UPDATE alert SET flapping = true, last_value = ? WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'OPEN' "
                        + "RETURNING id, ticket_id")
                .params(value, device.value(), policyId, instance)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).optional()
                .ifPresent(o -> events.publishEvent(new io.steward.server.alerting.AlertFlapping(o[0], client, o[1], policy, instance,
                        properties.flapFlips(), properties.flapWindow())));
    }

    /** The maintenance window covering the device (directly, through its site, or client-wide) at that instant, or null. */
    public UUID activeWindow(UUID client, UUID device, UUID site, Instant at) {
        List<MaintenanceWindow> candidates = jdbc.sql("""
                        SELECT * FROM maintenance_window WHERE client_id = ? AND (device_id IS NULL OR device_id = ?)
                          AND (site_id IS NULL OR site_id = ?) AND starts_at <= ? AND ends_at > ?
                        ORDER BY ends_at DESC LIMIT 50""")
                .params(client, device, site, Timestamp.from(at), Timestamp.from(at)).query(AlertStore::window).list();
        return candidates.stream().filter(w -> w.covers(at)).map(MaintenanceWindow::id).findFirst().orElse(null);
    }

    public static MaintenanceWindow window(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        java.sql.Time start = rs.getTime("start_time");
        String days = rs.getString("days");
        return new MaintenanceWindow(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getObject("device_id", UUID.class),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("reason"), rs.getString("created_by"),
                rs.getObject("site_id", UUID.class), rs.getString("recurrence"),
                days == null || days.isBlank() ? List.of() : List.of(days.split(",")), start == null ? null : start.toLocalTime(),
                (Integer) rs.getObject("duration_minutes"), rs.getString("zone"));
    }
}
