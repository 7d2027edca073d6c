package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService.PolicyDraft;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The alert_policy and alert_policy_exclusion tables as staff manage them (the evaluator reads through {@link PolicyCache}). */
@Repository
public class AlertPolicyRepository {
    private final JdbcClient jdbc;

    AlertPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The MSP-wide policies and those of clients in scope, with the exclusions of clients in scope. */
    public List<AlertPolicy> visible(TenantScope scope) {
        Map<UUID, List<AlertPolicy.Exclusion>> exclusions = new HashMap<>();
        jdbc.sql("SELECT * FROM alert_policy_exclusion e WHERE " + TenantScope.sqlCondition("e.client_id")).params(scope.sqlParams())
                .query((rs, n) -> exclusions.computeIfAbsent(rs.getObject("policy_id", UUID.class), k -> new ArrayList<>())
                        .add(PolicyCache.exclusion(rs)))
                .list();
        return jdbc.sql("SELECT * FROM alert_policy p WHERE p.client_id IS NULL OR " + TenantScope.sqlCondition("p.client_id")
                        + " ORDER BY p.client_id NULLS FIRST, p.metric, p.threshold")
                .params(scope.sqlParams()).query(PolicyCache::policy).list().stream()
                .map(x -> x.withExclusions(exclusions.getOrDefault(x.id(), List.of()))).toList();
    }

    /** Stores a validated draft with its defaults (LAST, no windows, enabled). */
    public void insert(UUID id, PolicyDraft d, Instant at) {
        jdbc.sql("""
                INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at,
                    site_id, group_id, device_id, aggregation, window_seconds, for_seconds, enabled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, d.clientId(), d.name().strip(), d.metric(), d.comparison(), d.threshold(), d.recoveryThreshold(), d.severity(),
                        Timestamp.from(at), d.siteId(), d.groupId(), d.deviceId(), d.aggregation() == null ? "LAST" : d.aggregation(),
                        d.windowSeconds() == null ? 0 : d.windowSeconds(), d.forSeconds() == null ? 0 : d.forSeconds(), !Boolean.FALSE.equals(d.enabled()))
                .update();
    }

    /** Whether the row of {@code table} (site, device_group or device) belongs to the client. */
    public boolean owned(String table, UUID id, UUID client) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ? AND client_id = ?)").params(id, client)
                .query(Boolean.class).single();
    }

    /** The client of a row of {@code table} (site, device_group or device), if that client is in scope. */
    public Optional<UUID> clientInScope(TenantScope scope, String table, UUID id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id);
        return jdbc.sql("SELECT x.client_id FROM " + table + " x WHERE " + TenantScope.sqlCondition("x.client_id") + " AND x.id = ?")
                .params(params).query(UUID.class).optional();
    }

    public void insertExclusion(UUID policy, UUID client, UUID site, UUID group, UUID device, String by, Instant at) {
        jdbc.sql("INSERT INTO alert_policy_exclusion (id, policy_id, client_id, site_id, group_id, device_id, created_by, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), policy, client, site, group, device, by, Timestamp.from(at))
                .update();
    }

    public void deleteExclusion(UUID policy, UUID exclusion) {
        jdbc.sql("DELETE FROM alert_policy_exclusion WHERE id = ? AND policy_id = ?").params(exclusion, policy).update();
    }

    public List<UUID> devicesAtSite(UUID site) {
        return jdbc.sql("SELECT id FROM device WHERE site_id = ?").param(site).query(UUID.class).list();
    }

    public void setThresholds(UUID policy, String name, double threshold, double recoveryThreshold, String severity) {
        jdbc.sql("UPDATE alert_policy SET name = ?, threshold = ?, recovery_threshold = ?, severity = ? WHERE id = ?")
                .params(name, threshold, recoveryThreshold, severity, policy).update();
    }

    public void setEnabled(UUID policy, boolean enabled) {
        jdbc.sql("UPDATE alert_policy SET enabled = ? WHERE id = ?").params(enabled, policy).update();
    }
}
