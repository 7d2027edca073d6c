package io.steward.server.platform.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.Ids;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one guard of path ids: runs the rule each module declared for a variable as a tenant-scoped
 * {@code EXISTS} on the item's table. A malformed id is simply not visible.
 */
@Component
class TablePathIdGuard implements PathIdGuard {
    private final JdbcClient jdbc;
    private final Map<String, PathIdRule> rules = new HashMap<>();

    TablePathIdGuard(JdbcClient jdbc, List<PathIdRules> declared) {
        this.jdbc = jdbc;
        for (PathIdRules module : declared) {
            for (PathIdRule rule : module.pathIds()) {
                if (rules.put(rule.variable(), rule) != null) {
                    throw new IllegalStateException("two path id rules for " + rule.variable());
                }
            }
        }
    }

    @Override
    public Set<String> variables() {
        return Set.copyOf(rules.keySet());
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        PathIdRule rule = rules.get(variable);
        if (rule == null || !rule.audience().admits(viewer)) {
            return false;
        }
        UUID id;
        try {
            id = Ids.parseUuid(value);
        } catch (NotFoundException malformed) {
            return false;
        }
        List<Object> params = new ArrayList<>();
        String owned = switch (rule.owner()) {
            case CLIENT -> {
                params.addAll(viewer.scope().sqlParams());
                yield TenantScope.sqlCondition("x." + rule.ownerColumn());
            }
            case CLIENT_OR_SHARED -> {
                params.addAll(viewer.scope().sqlParams());
                yield "(x." + rule.ownerColumn() + " IS NULL OR " + TenantScope.sqlCondition("x." + rule.ownerColumn()) + ")";
            }
            case USER -> {
                params.add(viewer.userId().value());
                yield "x." + rule.ownerColumn() + " = ?";
            }
            case NONE -> "TRUE";
        };
        params.add(id);
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + rule.table() + " x WHERE " + owned + " AND x.id = ?)")
                .params(params).query(Boolean.class).single();
    }
}
