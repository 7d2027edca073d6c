package io.steward.server.telemetry.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.telemetry.LatestValue;
import io.steward.server.telemetry.MetricSeries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of the stored telemetry: latest values and rollups (what is still folded in memory is added by the facade). */
@Repository
public class MetricReadRepository {
    private final JdbcClient jdbc;

    MetricReadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The device's stored latest values; the caller has checked the device is visible. */
    public List<LatestValue> latest(DeviceId device) {
        return jdbc.sql("SELECT * FROM metric_latest WHERE device_id = ?").param(device.value())
                .query((rs, n) -> new LatestValue(rs.getString("metric"), rs.getString("instance"), rs.getDouble("value"), rs.getString("unit"),
                        rs.getTimestamp("sampled_at").toInstant(), rs.getTimestamp("received_at").toInstant()))
                .list();
    }

    public boolean deviceInScope(TenantScope scope, DeviceId device) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(device.value());
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM device d WHERE " + TenantScope.sqlCondition("d.client_id") + " AND d.id = ?)")
                .params(p).query(Boolean.class).single();
    }

    /** The stored rollups of one series from {@code from} on, in {@code table} (a range's, never input). */
    public List<MetricSeries.Point> rollups(TenantScope scope, DeviceId device, String metric, String instance, String table, Instant from) {
        List<Object> q = new ArrayList<>(scope.sqlParams());
        q.addAll(List.of(device.value(), metric, instance, Timestamp.from(from)));
        return jdbc.sql("SELECT bucket, min, max, sum, count FROM " + table + " r WHERE "
                        + TenantScope.sqlCondition("r.client_id") + " AND r.device_id = ? AND r.metric = ? AND r.instance = ? AND r.bucket >= ? ORDER BY bucket")
                .params(q)
                .query((rs, n) -> new MetricSeries.Point(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3),
                        rs.getDouble(4) / rs.getLong(5), rs.getLong(5)))
                .list();
    }

    /** The unit of a series as last stored. */
    public Optional<String> unit(TenantScope scope, DeviceId device, String metric, String instance) {
        List<Object> u = new ArrayList<>(scope.sqlParams());
        u.addAll(List.of(device.value(), metric, instance));
        return jdbc.sql("SELECT unit FROM metric_latest m WHERE " + TenantScope.sqlCondition("m.client_id")
                        + " AND m.device_id = ? AND m.metric = ? AND m.instance = ?")
                .params(u).query(String.class).optional();
    }
}
