package io.steward.server.patching.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.server.patching.PatchCycleRun;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.patching.internal.ScanRepository.instant;
import static io.steward.server.patching.internal.ScanRepository.ts;

/** Standard patch cycles and their rings (patch_cycle_run, patch_cycle_ring); reads the install results of their tasks. */
@Repository
public class CycleRepository {
    private final JdbcClient jdbc;

    CycleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new cycle with its rings unless the client has one for that day; whether this call made it. */
    public boolean insert(PatchCycleRun c) {
        int made = jdbc.sql("""
                        INSERT INTO patch_cycle_run (id, client_id, cycle_day, state, reason, pilot_group_id, wait_days, stop_percent,
                                                     pre_script_id, post_script_id, started_at, updated_at, finished_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, cycle_day) DO NOTHING""")
                .params(c.id(), c.clientId().value(), c.cycleDay(), c.state(), c.reason(), c.pilotGroupId(), c.waitDays(), c.stopPercent(),
                        c.preScriptId(), c.postScriptId(), ts(c.startedAt()), ts(c.updatedAt()), ts(c.finishedAt())).update();
        if (made == 0) {
            return false;
        }
        for (PatchCycleRun.Ring r : c.rings()) {
            jdbc.sql("INSERT INTO patch_cycle_ring (cycle_id, client_id, ring, name, phase) VALUES (?, ?, ?, ?, ?)")
                    .params(c.id(), c.clientId().value(), r.ring(), r.name(), r.phase()).update();
        }
        return true;
    }

    /** The cycles still running, of every client in scope (the runner asks as the system), oldest first. */
    public List<PatchCycleRun> running(TenantScope scope) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        return jdbc.sql("SELECT * FROM patch_cycle_run WHERE state = 'RUNNING' AND " + TenantScope.sqlCondition("client_id") + " ORDER BY started_at")
                .params(params).query(this::cycle).list();
    }

    /** The cycle with its rings, its row locked for the caller's transaction (so two passes never advance it at once). */
    public Optional<PatchCycleRun> lock(UUID id) {
        return jdbc.sql("SELECT * FROM patch_cycle_run WHERE id = ? FOR UPDATE").param(id).query(this::cycle).optional()
                .map(c -> c.withRings(rings(c.id())));
    }

    public void saveRing(UUID cycle, PatchCycleRun.Ring r) {
        jdbc.sql("""
                        UPDATE patch_cycle_ring SET phase = ?, device_ids = ?, pre_task_id = ?, install_task_ids = ?, install_device_ids = ?,
                               post_task_id = ?, not_before = ?, started_at = ?, finished_at = ?, failed_device_ids = ?
                        WHERE cycle_id = ? AND ring = ?""")
                .params(r.phase(), devices(r.deviceIds()), r.preTaskId(), r.installTaskIds().toArray(UUID[]::new), devices(r.installDeviceIds()),
                        r.postTaskId(), ts(r.notBefore()), ts(r.startedAt()), ts(r.finishedAt()), devices(r.failedDeviceIds()), cycle, r.ring())
                .update();
    }

    /** Sets the cycle's state and reason; {@code by} (who resumed or cancelled it) and the gate override only when given. */
    public void state(UUID cycle, String state, String reason, Instant at, String by, Boolean gateOverridden) {
        boolean ends = "DONE".equals(state) || "CANCELLED".equals(state);
        jdbc.sql("""
                        UPDATE patch_cycle_run SET state = ?, reason = ?, updated_at = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
                               decided_by = coalesce(?, decided_by), gate_overridden = coalesce(?, gate_overridden) WHERE id = ?""")
                .params(state, reason, ts(at), ends, ts(at), by, gateOverridden, cycle).update();
    }

    /** The cycles of clients in scope (optionally one client), newest first, with their rings; at most {@code limit}. */
    public List<PatchCycleRun> list(TenantScope scope, ClientId client, int limit) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT * FROM patch_cycle_run WHERE " + TenantScope.sqlCondition("client_id"));
        if (client != null) {
            sql.append(" AND client_id = ?");
            params.add(client.value());
        }
        params.add(limit);
        return jdbc.sql(sql.append(" ORDER BY cycle_day DESC, started_at DESC LIMIT ?").toString()).params(params).query(this::cycle).list()
                .stream().map(c -> c.withRings(rings(c.id()))).toList();
    }

    public Optional<PatchCycleRun> find(TenantScope scope, UUID id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id);
        return jdbc.sql("SELECT * FROM patch_cycle_run WHERE " + TenantScope.sqlCondition("client_id") + " AND id = ?").params(params)
                .query(this::cycle).optional().map(c -> c.withRings(rings(c.id())));
    }

    /** The devices where one of these tasks of the installer reported a package as failed. */
    public Set<DeviceId> failedPackages(Collection<UUID> tasks) {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT DISTINCT device_id FROM patch_install_result WHERE task_id = ANY (?) AND outcome = 'failed'")
                .param(tasks.toArray(UUID[]::new)).query((rs, n) -> new DeviceId(rs.getObject(1, UUID.class))).list());
    }

    private List<PatchCycleRun.Ring> rings(UUID cycle) {
        return jdbc.sql("SELECT * FROM patch_cycle_ring WHERE cycle_id = ? ORDER BY ring").param(cycle)
                .query((rs, n) -> new PatchCycleRun.Ring(rs.getInt("ring"), rs.getString("name"), rs.getString("phase"), deviceList(rs, "device_ids"),
                        rs.getObject("pre_task_id", UUID.class), uuids(rs, "install_task_ids"), deviceList(rs, "install_device_ids"),
                        rs.getObject("post_task_id", UUID.class), instant(rs, "not_before"), instant(rs, "started_at"), instant(rs, "finished_at"),
                        deviceList(rs, "failed_device_ids"), 0, 0))
                .list();
    }

    private PatchCycleRun cycle(ResultSet rs, int n) throws SQLException {
        return new PatchCycleRun(rs.getObject("id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getObject("cycle_day", LocalDate.class), rs.getString("state"), rs.getString("reason"), rs.getObject("pilot_group_id", UUID.class),
                rs.getInt("wait_days"), rs.getInt("stop_percent"), rs.getObject("pre_script_id", UUID.class), rs.getObject("post_script_id", UUID.class),
                rs.getBoolean("gate_overridden"), instant(rs, "started_at"), instant(rs, "updated_at"), instant(rs, "finished_at"),
                rs.getString("decided_by"), List.of());
    }

    private static UUID[] devices(List<DeviceId> ids) {
        return ids.stream().map(DeviceId::value).toArray(UUID[]::new);
    }

    private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.asList((UUID[]) a.getArray());
    }

    private static List<DeviceId> deviceList(ResultSet rs, String column) throws SQLException {
        return uuids(rs, column).stream().map(DeviceId::new).toList();
    }
}
