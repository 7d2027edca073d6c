package io.steward.server.devices.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of {@link io.steward.server.devices.DeviceHistory}. */
@Repository
public class DeviceBackdating {
    private final JdbcClient jdbc;

    public DeviceBackdating(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets an approved device's enrollment and approval instant; only moves them back. */
    public boolean backdate(TenantScope scope, DeviceId id, Instant at) {
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(at), Timestamp.from(at)));
        params.addAll(scope.sqlParams());
        params.add(id.value());
        params.add(Timestamp.from(at));
        return jdbc.sql("UPDATE device d SET enrolled_at = ?, approved_at = ? WHERE " + TenantScope.sqlCondition("d.client_id")
                + " AND d.id = ? AND d.status = 'APPROVED' AND d.enrolled_at > ?").params(params).update() == 1;
    }
}
