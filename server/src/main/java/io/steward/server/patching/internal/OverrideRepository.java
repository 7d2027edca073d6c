package io.steward.server.patching.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.patching.PolicyOverride;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.patching.internal.ScanRepository.instant;
import static io.steward.server.patching.internal.ScanRepository.strings;
import static io.steward.server.patching.internal.ScanRepository.ts;

/** Sites' and device groups' exceptions to their client's patch policy (patch_policy_override); names are filled in by the caller. */
@Repository
public class OverrideRepository {
    private final JdbcClient jdbc;

    OverrideRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The overrides of clients in scope, optionally of one client. */
    public List<PolicyOverride> list(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        String sql = "SELECT * FROM patch_policy_override WHERE " + TenantScope.sqlCondition("client_id");
        if (client != null) {
            sql += " AND client_id = ?";
            params.add(client.value());
        }
        return jdbc.sql(sql).params(params).query(OverrideRepository::row).list();
    }

    public Optional<PolicyOverride> find(TenantScope scope, ClientId client, String kind, UUID scopeId) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        params.add(scopeId);
        return jdbc.sql("SELECT * FROM patch_policy_override WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ? AND "
                + column(kind) + " = ?").params(params).query(OverrideRepository::row).optional();
    }

    /** Stores {@code o} if the stored version is still {@code expectedVersion} (0: none yet); false when someone saved in between. */
    public boolean save(PolicyOverride o, int expectedVersion) {
        UUID site = "SITE".equals(o.kind()) ? o.scopeId() : null;
        UUID group = "GROUP".equals(o.kind()) ? o.scopeId() : null;
        Object[] values = {o.clientId().value(), site, group, o.scanHours(), o.securityDeadlineDays(), o.securityApproval(),
                o.heldPackages().toArray(String[]::new), o.reboot(), o.rebootWarningMinutes(), o.version(), o.updatedBy(), ts(o.updatedAt())};
        if (expectedVersion == 0) {
            return jdbc.sql("""
                    INSERT INTO patch_policy_override (client_id, site_id, group_id, scan_hours, security_deadline_days, security_approval,
                                                       held_packages, reboot, reboot_warning_minutes, version, updated_by, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""").params(Arrays.asList(values)).update() == 1;
        }
        return jdbc.sql("""
                        UPDATE patch_policy_override SET scan_hours = ?, security_deadline_days = ?, security_approval = ?, held_packages = ?,
                            reboot = ?, reboot_warning_minutes = ?, version = ?, updated_by = ?, updated_at = ?
                        WHERE client_id = ? AND\s""" + column(o.kind()) + " = ? AND version = ?")
                .params(Arrays.asList(o.scanHours(), o.securityDeadlineDays(), o.securityApproval(), o.heldPackages().toArray(String[]::new), o.reboot(),
                        o.rebootWarningMinutes(), o.version(), o.updatedBy(), ts(o.updatedAt()), o.clientId().value(), o.scopeId(), expectedVersion))
                .update() == 1;
    }

    public boolean delete(ClientId client, String kind, UUID scopeId) {
        return jdbc.sql("DELETE FROM patch_policy_override WHERE client_id = ? AND " + column(kind) + " = ?").params(client.value(), scopeId).update() == 1;
    }

    private static String column(String kind) {
        return switch (kind) {
            case "SITE" -> "site_id";
            case "GROUP" -> "group_id";
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    private static PolicyOverride row(ResultSet rs, int n) throws SQLException {
        UUID site = rs.getObject("site_id", UUID.class);
        return new PolicyOverride(new ClientId(rs.getObject("client_id", UUID.class)), site != null ? "SITE" : "GROUP",
                site != null ? site : rs.getObject("group_id", UUID.class), null, (Integer) rs.getObject("scan_hours"),
                (Integer) rs.getObject("security_deadline_days"), rs.getString("security_approval"), strings(rs.getArray("held_packages")),
                rs.getString("reboot"), (Integer) rs.getObject("reboot_warning_minutes"), rs.getInt("version"), rs.getString("updated_by"),
                instant(rs, "updated_at"));
    }
}
