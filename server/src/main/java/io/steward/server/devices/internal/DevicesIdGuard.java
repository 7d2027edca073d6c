package io.steward.server.devices.internal;

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

/** Device, device-group and enrollment-token ids are visible to staff who see their client. */
@Component
class DevicesIdGuard implements PathIdGuard {
    private final JdbcClient jdbc;

    DevicesIdGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> variables() {
        return Set.of("deviceId", "enrollmentTokenId", "groupId");
    }

    @Override
    public boolean visible(Viewer viewer, String variable, String value) {
        if (!viewer.isStaff()) {
            return false;
        }
        try {
            UUID id = Ids.parseUuid(value);
            String table = switch (variable) {
                case "deviceId" -> "device";
                case "groupId" -> "device_group";
                default -> "enrollment_token";
            };
            List<Object> p = new java.util.ArrayList<>(viewer.scope().sqlParams());
            p.add(id);
            return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " x WHERE " + TenantScope.sqlCondition("x.client_id") + " AND x.id = ?)")
                    .params(p).query(Boolean.class).single();
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
