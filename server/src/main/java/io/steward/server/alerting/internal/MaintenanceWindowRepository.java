package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.alerting.MaintenanceWindow;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The maintenance_window table as staff manage it (the evaluator asks {@link AlertStore#activeWindow}). */
@Repository
public class MaintenanceWindowRepository {
    private final JdbcClient jdbc;

    MaintenanceWindowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A window to store; the weekly fields are null for a ONCE window. */
    public record NewWindow(UUID id, ClientId clientId, UUID deviceId, UUID siteId, Instant startsAt, Instant endsAt, String reason, String createdBy,
                            Instant createdAt, String recurrence, String days, LocalTime startTime, Integer durationMinutes, String zone) {
    }

    public void insert(NewWindow w) {
        jdbc.sql("""
                INSERT INTO maintenance_window (id, client_id, device_id, site_id, starts_at, ends_at, reason, created_by, created_at,
                    recurrence, days, start_time, duration_minutes, zone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(w.id(), w.clientId().value(), w.deviceId(), w.siteId(), Timestamp.from(w.startsAt()), Timestamp.from(w.endsAt()), w.reason(),
                        w.createdBy(), Timestamp.from(w.createdAt()), w.recurrence(), w.days(),
                        w.startTime() == null ? null : java.sql.Time.valueOf(w.startTime()), w.durationMinutes(), w.zone())
                .update();
    }

    /** The client's time zone, in which weekly windows are kept. */
    public String clientZone(ClientId client) {
        return jdbc.sql("SELECT time_zone FROM client WHERE id = ?").param(client.value()).query(String.class).single();
    }

    /** Whether the row of {@code table} (device or site) belongs to the client. */
    public boolean owned(String table, UUID id, ClientId client) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ? AND client_id = ?)").params(id, client.value())
                .query(Boolean.class).single();
    }

    public List<MaintenanceWindow> ofClient(ClientId client) {
        return jdbc.sql("SELECT * FROM maintenance_window WHERE client_id = ? ORDER BY starts_at DESC LIMIT 200").param(client.value())
                .query(AlertStore::window).list();
    }

    /** Windows of clients in scope that end after {@code after}. */
    public List<MaintenanceWindow> endingAfter(TenantScope scope, Instant after) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(Timestamp.from(after));
        return jdbc.sql("SELECT * FROM maintenance_window w WHERE " + TenantScope.sqlCondition("w.client_id") + " AND w.ends_at > ? ORDER BY w.starts_at")
                .params(p).query(AlertStore::window).list();
    }

    /** Deletes the window if it belongs to a client in scope; false if there was none. */
    public boolean delete(TenantScope scope, UUID window) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(window);
        return jdbc.sql("DELETE FROM maintenance_window w WHERE " + TenantScope.sqlCondition("w.client_id") + " AND w.id = ?")
                .params(params).update() > 0;
    }
}
