package io.steward.server.servicedesk.internal;

import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.Ids;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** An attachment id is visible to whoever sees the client of the ticket it belongs to. */
@Component
class AttachmentIdGuard implements PathIdGuard {
    private final JdbcClient jdbc;

    AttachmentIdGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> variables() {
        return Set.of("attachmentId");
    }

    @Override
    public boolean visible(Viewer viewer, String variable, String value) {
        try {
            UUID id = Ids.parseUuid(value);
            java.util.List<Object> p = new java.util.ArrayList<>(viewer.scope().sqlParams());
            p.add(id);
            return jdbc.sql("SELECT EXISTS (SELECT 1 FROM attachment a WHERE " + TenantScope.sqlCondition("a.client_id") + " AND a.id = ?)")
                    .params(p).query(Boolean.class).single();
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
