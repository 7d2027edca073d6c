package io.steward.server.alerting.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.Ids;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Alert policies are visible to staff: MSP-wide ones to all, a client's to those who see the client; exclusions and maintenance windows to those who see their client. */
@Component
class AlertingIdGuard implements PathIdGuard {
    private final JdbcClient jdbc;

    AlertingIdGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> variables() {
        return Set.of("alertPolicyId", "exclusionId", "maintenanceWindowId");
    }

    @Override
    public boolean visible(Viewer viewer, String variable, String value) {
        if (!viewer.isStaff()) {
            return false;
        }
        try {
            UUID id = Ids.parseUuid(value);
            List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
            p.add(id);
            String sql = switch (variable) {
                case "exclusionId" -> "SELECT EXISTS (SELECT 1 FROM alert_policy_exclusion x WHERE " + TenantScope.sqlCondition("x.client_id")
                        + " AND x.id = ?)";
                case "maintenanceWindowId" -> "SELECT EXISTS (SELECT 1 FROM maintenance_window x WHERE " + TenantScope.sqlCondition("x.client_id")
                        + " AND x.id = ?)";
                default -> "SELECT EXISTS (SELECT 1 FROM alert_policy x WHERE (x.client_id IS NULL OR " + TenantScope.sqlCondition("x.client_id")
                        + ") AND x.id = ?)";
            };
            return jdbc.sql(sql).params(p).query(Boolean.class).single();
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
