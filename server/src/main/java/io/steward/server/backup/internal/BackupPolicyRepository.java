package io.steward.server.backup.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.backup.BackupPolicy;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.backup.internal.JobRepository.instant;
import static io.steward.server.backup.internal.JobRepository.ts;

/** The clients' backup objectives and the devices' own (backup_policy, backup_device_objective). */
@Repository
public class BackupPolicyRepository {
    private final JdbcClient jdbc;

    BackupPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<BackupPolicy> find(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM backup_policy WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ?").params(params)
                .query(BackupPolicyRepository::policy).optional();
    }

    /** The client's policy, its defaults when never saved (for Steward's own work in the client's scope). */
    public BackupPolicy effective(ClientId client) {
        return find(TenantScope.of(client), client).orElseGet(() -> BackupPolicy.defaults(client));
    }

    /** Stores {@code p} if the stored version is still {@code expectedVersion} (0: no row yet); false when someone saved in between. */
    public boolean save(BackupPolicy p, int expectedVersion) {
        Object[] values = {p.clientId().value(), p.rpoHours(), p.rtoMinutes(), p.scope(), p.groupId(), p.deviceIds().toArray(UUID[]::new),
                p.failuresAlert(), p.graceHours(), p.restorePeriod(), p.restoreSample(), p.version(), p.updatedBy(), ts(p.updatedAt())};
        String insert = """
                INSERT INTO backup_policy (client_id, rpo_hours, rto_minutes, scope, group_id, device_ids, failures_alert, grace_hours,
                                           restore_period, restore_sample, version, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        if (expectedVersion == 0) {
            return jdbc.sql(insert + " ON CONFLICT (client_id) DO NOTHING").params(Arrays.asList(values)).update() == 1;
        }
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(expectedVersion);
        return jdbc.sql(insert + """
                         ON CONFLICT (client_id) DO UPDATE SET rpo_hours = excluded.rpo_hours, rto_minutes = excluded.rto_minutes,
                            scope = excluded.scope, group_id = excluded.group_id, device_ids = excluded.device_ids,
                            failures_alert = excluded.failures_alert, grace_hours = excluded.grace_hours, restore_period = excluded.restore_period,
                            restore_sample = excluded.restore_sample, version = excluded.version, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at
                        WHERE backup_policy.version = ?""").params(params).update() == 1;
    }

    public Optional<BackupPolicy.DeviceObjective> objective(DeviceId device) {
        return jdbc.sql("SELECT rpo_hours, rto_minutes FROM backup_device_objective WHERE device_id = ?").param(device.value())
                .query((rs, n) -> new BackupPolicy.DeviceObjective((Integer) rs.getObject("rpo_hours"), (Integer) rs.getObject("rto_minutes")))
                .optional();
    }

    /** The client's devices with objectives of their own. */
    public Map<DeviceId, BackupPolicy.DeviceObjective> objectives(ClientId client) {
        Map<DeviceId, BackupPolicy.DeviceObjective> out = new HashMap<>();
        jdbc.sql("SELECT device_id, rpo_hours, rto_minutes FROM backup_device_objective WHERE client_id = ?").param(client.value())
                .query((rs, n) -> out.put(new DeviceId(rs.getObject("device_id", UUID.class)),
                        new BackupPolicy.DeviceObjective((Integer) rs.getObject("rpo_hours"), (Integer) rs.getObject("rto_minutes")))).list();
        return out;
    }

    /** Sets the device's objectives; both null removes them. */
    public void saveObjective(DeviceId device, ClientId client, BackupPolicy.DeviceObjective o, String by, Instant at) {
        if (o.rpoHours() == null && o.rtoMinutes() == null) {
            jdbc.sql("DELETE FROM backup_device_objective WHERE device_id = ?").param(device.value()).update();
            return;
        }
        jdbc.sql("""
                INSERT INTO backup_device_objective (device_id, client_id, rpo_hours, rto_minutes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET rpo_hours = excluded.rpo_hours, rto_minutes = excluded.rto_minutes,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .params(Arrays.asList(device.value(), client.value(), o.rpoHours(), o.rtoMinutes(), by, ts(at))).update();
    }

    private static BackupPolicy policy(ResultSet rs, int n) throws SQLException {
        UUID[] ids = (UUID[]) rs.getArray("device_ids").getArray();
        return new BackupPolicy(new ClientId(rs.getObject("client_id", UUID.class)), rs.getInt("rpo_hours"), rs.getInt("rto_minutes"),
                rs.getString("scope"), rs.getObject("group_id", UUID.class), List.of(ids), rs.getInt("failures_alert"), rs.getInt("grace_hours"),
                rs.getString("restore_period"), rs.getInt("restore_sample"), rs.getInt("version"), rs.getString("updated_by"), instant(rs, "updated_at"));
    }
}
