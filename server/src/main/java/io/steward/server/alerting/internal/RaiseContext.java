package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.alerting.MaintenanceWindow;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What decides how raises of one pass are recorded, read with one statement each for all of them: the maintenance
 * windows of their clients, which of their devices have an offline alert open, and the snoozes on their conditions.
 */
final class RaiseContext {
    private final Instant now;
    private final List<MaintenanceWindow> windows;
    private final Set<UUID> offline = new HashSet<>();
    private final Map<List<Object>, Instant> snoozes = new HashMap<>();

    RaiseContext(JdbcClient jdbc, List<AlertStore.Raise> raises, Instant now) {
        this.now = now;
        Set<String> clients = new LinkedHashSet<>();
        for (AlertStore.Raise r : raises) {
            clients.add(r.clientId().value().toString());
        }
        this.windows = windows(jdbc, clients.toArray(String[]::new), now);
        String[] devices = devices(raises);
        if (raises.stream().anyMatch(r -> !r.policyId().equals(PolicyCache.OFFLINE_POLICY))) {
            offline.addAll(jdbc.sql("SELECT device_id FROM alert WHERE device_id = ANY(CAST(? AS uuid[])) AND policy_id = ? AND state = 'OPEN'")
                    .params(devices, PolicyCache.OFFLINE_POLICY).query(UUID.class).list());
        }
        // Someone snoozed a condition on a device: its repeats until then are recorded (and stay snoozed) but page nobody.
        jdbc.sql("""
                        SELECT device_id, policy_id, instance, max(snoozed_until) FROM alert
                        WHERE device_id = ANY(CAST(? AS uuid[])) AND snoozed_until IS NOT NULL AND snoozed_until > ?
                        GROUP BY device_id, policy_id, instance""")
                .params(devices, Timestamp.from(now))
                .query(rs -> {
                    snoozes.put(List.of(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)), rs.getTimestamp(4).toInstant());
                });
    }

    /** The window that suppresses this raise, or null. */
    UUID window(AlertStore.Raise r) {
        return covering(windows, r.clientId().value(), r.deviceId().value(), r.siteId(), now);
    }

    /** Whether the device has its offline alert open (for any other policy than the offline one). */
    boolean offline(AlertStore.Raise r) {
        return !r.policyId().equals(PolicyCache.OFFLINE_POLICY) && offline.contains(r.deviceId().value());
    }

    /** Until when this condition on this device is snoozed, or null. */
    Instant snoozedUntil(AlertStore.Raise r) {
        return snoozes.get(List.of(r.deviceId().value(), r.policyId(), r.instance()));
    }

    static String[] devices(List<AlertStore.Raise> raises) {
        return raises.stream().map(r -> r.deviceId().value().toString()).distinct().toArray(String[]::new);
    }

    /** The windows of these clients whose span holds {@code at} (recurring ones are checked against their days and times by the caller). */
    static List<MaintenanceWindow> windows(JdbcClient jdbc, String[] clients, Instant at) {
        return jdbc.sql("""
                        SELECT * FROM maintenance_window WHERE client_id = ANY(CAST(? AS uuid[])) AND starts_at <= ? AND ends_at > ?
                        ORDER BY ends_at DESC""")
                .params(clients, Timestamp.from(at), Timestamp.from(at)).query(AlertStore::window).list();
    }

    /** The first of {@code windows} covering the device (directly, through its site, or client-wide) at that instant, or null. */
    static UUID covering(List<MaintenanceWindow> windows, UUID client, UUID device, UUID site, Instant at) {
        for (MaintenanceWindow w : windows) {
            if (w.clientId().equals(client) && (w.deviceId() == null || w.deviceId().equals(device))
                    && (w.siteId() == null || w.siteId().equals(site)) && w.covers(at)) {
                return w.id();
            }
        }
        return null;
    }
}
