package io.steward.server.patching.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.patching.PatchPolicy;
import io.steward.server.patching.PatchViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.patching.internal.ScanRepository.instant;
import static io.steward.server.patching.internal.ScanRepository.strings;
import static io.steward.server.patching.internal.ScanRepository.ts;

/** Patch policies per client and the decisions on package versions (patch_policy, patch_approval). */
@Repository
public class PolicyRepository {
    private final JdbcClient jdbc;

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PatchPolicy> find(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM patch_policy WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ?").params(params)
                .query(PolicyRepository::policy).optional();
    }

    public List<PatchPolicy> all(TenantScope scope) {
        return jdbc.sql("SELECT * FROM patch_policy WHERE " + TenantScope.sqlCondition("client_id")).params(scope.sqlParams())
                .query(PolicyRepository::policy).list();
    }

    /** Stores {@code p} if the stored version is still {@code expectedVersion} (0: no row yet); false when someone saved in between. */
    public boolean save(PatchPolicy p, int expectedVersion) {
        PatchPolicy.Rollout r = p.rollout();
        Object[] values = {p.clientId().value(), p.scanHours(), p.refreshMetadata(), p.refreshJitterMinutes(), p.securityDeadlineDays(), p.cycleWeek(),
                p.cycleWeekday(), p.cycleOffsetDays(), p.securityApproval(), p.heldPackages().toArray(String[]::new), p.reboot(),
                p.rebootWarningMinutes(), ts(p.scanRequestedAt()), p.version(), p.updatedBy(), ts(p.updatedAt()), r.pilotGroupId(), r.pilotWaitDays(),
                r.ringStopPercent(), r.installRetries(), r.emergencyHours(), r.preScriptId(), r.postScriptId()};
        String insert = """
                INSERT INTO patch_policy (client_id, scan_hours, refresh_metadata, refresh_jitter_minutes, security_deadline_days, cycle_week,
                                          cycle_weekday, cycle_offset_days, security_approval, held_packages, reboot, reboot_warning_minutes,
                                          scan_requested_at, version, updated_by, updated_at, pilot_group_id, pilot_wait_days,
                                          ring_stop_percent, install_retries, emergency_hours, pre_script_id, post_script_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        if (expectedVersion == 0) {
            return jdbc.sql(insert + " ON CONFLICT (client_id) DO NOTHING").params(values).update() == 1;
        }
        // Arrays.asList, not List.of: a policy never asked to scan has no scan_requested_at, and List.of refuses nulls.
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(values));
        params.add(expectedVersion);
        return jdbc.sql(insert + """
                         ON CONFLICT (client_id) DO UPDATE SET scan_hours = excluded.scan_hours, refresh_metadata = excluded.refresh_metadata,
                            refresh_jitter_minutes = excluded.refresh_jitter_minutes, security_deadline_days = excluded.security_deadline_days,
                            cycle_week = excluded.cycle_week, cycle_weekday = excluded.cycle_weekday, cycle_offset_days = excluded.cycle_offset_days,
                            security_approval = excluded.security_approval, held_packages = excluded.held_packages, reboot = excluded.reboot,
                            reboot_warning_minutes = excluded.reboot_warning_minutes, scan_requested_at = excluded.scan_requested_at,
                            version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
                            pilot_group_id = excluded.pilot_group_id, pilot_wait_days = excluded.pilot_wait_days,
                            ring_stop_percent = excluded.ring_stop_percent, install_retries = excluded.install_retries,
                            emergency_hours = excluded.emergency_hours, pre_script_id = excluded.pre_script_id, post_script_id = excluded.post_script_id
                        WHERE patch_policy.version = ?""").params(params).update() == 1;
    }

    /** Decisions on package versions of clients in scope, optionally of one client. */
    public List<Approval> approvals(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        String sql = "SELECT * FROM patch_approval WHERE " + TenantScope.sqlCondition("client_id");
        if (client != null) {
            sql += " AND client_id = ?";
            params.add(client.value());
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> new Approval(new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("name"),
                rs.getString("version"), rs.getString("decision"), rs.getString("decided_by"), instant(rs, "decided_at"))).list();
    }

    public record Approval(ClientId clientId, String name, String version, String decision, String decidedBy, Instant decidedAt) {
    }

    public void decide(ClientId client, PatchViews.PackageVersion p, String decision, String by, Instant at) {
        jdbc.sql("""
                        INSERT INTO patch_approval (client_id, name, version, decision, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (client_id, name, version) DO UPDATE SET decision = excluded.decision, decided_by = excluded.decided_by,
                            decided_at = excluded.decided_at""")
                .params(client.value(), p.name(), p.version(), decision, by, ts(at)).update();
    }

    private static PatchPolicy policy(ResultSet rs, int n) throws SQLException {
        return new PatchPolicy(new ClientId(rs.getObject("client_id", UUID.class)), rs.getInt("scan_hours"), rs.getBoolean("refresh_metadata"),
                rs.getInt("refresh_jitter_minutes"), rs.getInt("security_deadline_days"), rs.getInt("cycle_week"), rs.getInt("cycle_weekday"),
                rs.getInt("cycle_offset_days"), rs.getString("security_approval"), strings(rs.getArray("held_packages")), rs.getString("reboot"),
                rs.getInt("reboot_warning_minutes"), new PatchPolicy.Rollout(rs.getObject("pilot_group_id", UUID.class), rs.getInt("pilot_wait_days"),
                        rs.getInt("ring_stop_percent"), rs.getInt("install_retries"), rs.getInt("emergency_hours"),
                        rs.getObject("pre_script_id", UUID.class), rs.getObject("post_script_id", UUID.class)), instant(rs, "scan_requested_at"), rs.getInt("version"), rs.getString("updated_by"),
                instant(rs, "updated_at"));
    }
}
