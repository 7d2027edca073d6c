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
