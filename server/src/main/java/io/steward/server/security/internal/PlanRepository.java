package io.steward.server.security.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.steward.server.security.SecurityPlan;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The clients' security-check plans (security_plan), with optimistic versions. */
@Repository
public class PlanRepository {
    private final JdbcClient jdbc;

    PlanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SecurityPlan> find(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM security_plan WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ?").params(params)
                .query(PlanRepository::plan).optional();
    }

    /** Stores {@code p} if the stored version is still {@code expectedVersion} (0: no row yet); false when someone saved in between. */
    public boolean save(SecurityPlan p, int expectedVersion) {
        List<Object> params = new ArrayList<>(Arrays.asList(p.clientId().value(), p.everyMinutes(), p.failedLogonWindowMinutes(),
                p.failedLogonThreshold(), p.allowedPorts().toArray(String[]::new), p.admins().toArray(String[]::new), p.maxRebootPendingHours(),
                p.maxSecurityUpdateAgeDays(), p.incidentChecks().toArray(String[]::new), p.version(), p.updatedBy(), Timestamp.from(p.updatedAt())));
        String insert = """
                INSERT INTO security_plan (client_id, every_minutes, failed_logon_window_minutes, failed_logon_threshold, allowed_ports, admins,
                                           max_reboot_pending_hours, max_security_update_age_days, incident_checks, version, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        if (expectedVersion == 0) {
            return jdbc.sql(insert + " ON CONFLICT (client_id) DO NOTHING").params(params).update() == 1;
        }
        params.add(expectedVersion);
        return jdbc.sql(insert + """
                 ON CONFLICT (client_id) DO UPDATE SET every_minutes = excluded.every_minutes,
                    failed_logon_window_minutes = excluded.failed_logon_window_minutes, failed_logon_threshold = excluded.failed_logon_threshold,
                    allowed_ports = excluded.allowed_ports, admins = excluded.admins, max_reboot_pending_hours = excluded.max_reboot_pending_hours,
                    max_security_update_age_days = excluded.max_security_update_age_days, incident_checks = excluded.incident_checks,
                    version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                WHERE security_plan.version = ?""").params(params).update() == 1;
    }

    /** The client's device-group exceptions with their groups' names. */
    public List<SecurityPlan.GroupOverride> overrides(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT o.*, g.name AS group_name FROM security_plan_group o JOIN device_group g ON g.id = o.group_id WHERE "
                + TenantScope.sqlCondition("o.client_id") + " AND o.client_id = ? ORDER BY g.name, o.group_id").params(params)
                .query(PlanRepository::override).list();
    }

    /** Stores a group's exceptions if still at {@code expectedVersion} (0: none yet); false when someone saved in between. */
    public boolean saveOverride(SecurityPlan.GroupOverride o, int expectedVersion) {
        List<Object> params = new ArrayList<>(Arrays.asList(o.groupId(), o.clientId().value(), o.everyMinutes(), o.failedLogonWindowMinutes(),
                o.failedLogonThreshold(), array(o.allowedPorts()), array(o.admins()), o.maxRebootPendingHours(), o.maxSecurityUpdateAgeDays(),
                array(o.incidentChecks()), o.version(), o.updatedBy(), Timestamp.from(o.updatedAt())));
        String insert = """
                INSERT INTO security_plan_group (group_id, client_id, every_minutes, failed_logon_window_minutes, failed_logon_threshold, allowed_ports,
                                                 admins, max_reboot_pending_hours, max_security_update_age_days, incident_checks, version, updated_by,
                                                 updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        if (expectedVersion == 0) {
            return jdbc.sql(insert + " ON CONFLICT (group_id) DO NOTHING").params(params).update() == 1;
        }
        params.add(expectedVersion);
        return jdbc.sql(insert + """
                 ON CONFLICT (group_id) DO UPDATE SET every_minutes = excluded.every_minutes,
                    failed_logon_window_minutes = excluded.failed_logon_window_minutes, failed_logon_threshold = excluded.failed_logon_threshold,
                    allowed_ports = excluded.allowed_ports, admins = excluded.admins, max_reboot_pending_hours = excluded.max_reboot_pending_hours,
                    max_security_update_age_days = excluded.max_security_update_age_days, incident_checks = excluded.incident_checks,
                    version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                WHERE security_plan_group.version = ?""").params(params).update() == 1;
    }

    /** Removes a group's exceptions if still at {@code expectedVersion}; false when not (or none). */
    public boolean deleteOverride(java.util.UUID group, int expectedVersion) {
        return jdbc.sql("DELETE FROM security_plan_group WHERE group_id = ? AND version = ?").params(group, expectedVersion).update() == 1;
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static SecurityPlan.GroupOverride override(ResultSet rs, int n) throws SQLException {
        return new SecurityPlan.GroupOverride(rs.getObject("group_id", java.util.UUID.class), new ClientId(rs.getObject("client_id", java.util.UUID.class)),
                rs.getString("group_name"), (Integer) rs.getObject("every_minutes"), (Integer) rs.getObject("failed_logon_window_minutes"),
                (Integer) rs.getObject("failed_logon_threshold"), nullable(rs.getArray("allowed_ports")), nullable(rs.getArray("admins")),
                (Integer) rs.getObject("max_reboot_pending_hours"), (Integer) rs.getObject("max_security_update_age_days"),
                nullable(rs.getArray("incident_checks")), rs.getInt("version"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> nullable(Array a) throws SQLException {
        return a == null ? null : List.of((String[]) a.getArray());
    }

    private static SecurityPlan plan(ResultSet rs, int n) throws SQLException {
        return new SecurityPlan(new ClientId(rs.getObject("client_id", java.util.UUID.class)), rs.getInt("every_minutes"),
                rs.getInt("failed_logon_window_minutes"), rs.getInt("failed_logon_threshold"), strings(rs.getArray("allowed_ports")),
                strings(rs.getArray("admins")), rs.getInt("max_reboot_pending_hours"), rs.getInt("max_security_update_age_days"),
                strings(rs.getArray("incident_checks")), rs.getInt("version"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }
}
