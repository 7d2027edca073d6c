package io.steward.server.automation.internal.remediation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.automation.RemediationRule;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The remediation rules and the alerts they acted on (remediation_rule, remediation_alert). */
@Repository
public class RemediationRepository {
    private static final String SCOPE = "(r.client_id IS NULL OR " + TenantScope.sqlCondition("r.client_id") + ")";
    private static final String RULE = """
            SELECT r.*, s.name AS script_name, v.number AS version_number FROM remediation_rule r
            JOIN script_version v ON v.id = r.script_version_id JOIN script s ON s.id = v.script_id""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    RemediationRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A rule as stored (the policy's name is alerting's to tell). */
    public record NewRule(UUID id, UUID policyId, ClientId clientId, UUID scriptVersionId, Map<String, String> parameters, int maxAttempts,
                          UUID createdBy, String createdByName, Instant at) {
    }

    public void insert(NewRule r) {
        jdbc.sql("""
                        INSERT INTO remediation_rule (id, policy_id, client_id, script_version_id, parameters, max_attempts, created_by,
                                                      created_by_name, created_at)
                        VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)""")
                .params(r.id(), r.policyId(), r.clientId() == null ? null : r.clientId().value(), r.scriptVersionId(),
                        json.writeValueAsString(r.parameters()), r.maxAttempts(), r.createdBy(), r.createdByName(), Timestamp.from(r.at()))
                .update();
    }

    public List<RemediationRule> rules(TenantScope scope) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        return jdbc.sql(RULE + " WHERE " + SCOPE + " ORDER BY r.created_at DESC").params(params).query(this::rule).list();
    }

    public Optional<RemediationRule> rule(TenantScope scope, UUID id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id);
        return jdbc.sql(RULE + " WHERE " + SCOPE + " AND r.id = ?").params(params).query(this::rule).optional();
    }

    public Optional<RemediationRule> ofPolicy(UUID policyId) {
        return jdbc.sql(RULE + " WHERE r.policy_id = ?").param(policyId).query(this::rule).optional();
    }

    public Optional<RemediationRule> ofRuleId(UUID id) {
        return jdbc.sql(RULE + " WHERE r.id = ?").param(id).query(this::rule).optional();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM remediation_rule WHERE id = ?").param(id).update() == 1;
    }

    private RemediationRule rule(ResultSet rs, int n) throws SQLException {
        UUID client = rs.getObject("client_id", UUID.class);
        Map<String, String> parameters = json.readValue(rs.getString("parameters"), new TypeReference<Map<String, String>>() { });
        return new RemediationRule(rs.getObject("id", UUID.class), rs.getObject("policy_id", UUID.class), null,
                client == null ? null : new ClientId(client), rs.getObject("script_version_id", UUID.class), rs.getString("script_name"),
                rs.getInt("version_number"), parameters, rs.getInt("max_attempts"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant());
    }

    // ---- alerts acted on

    /** An alert a rule acted on, as locked for a decision. */
    public record AlertRemediation(UUID alertId, ClientId clientId, UUID deviceId, UUID ruleId, UUID ticketId, int attempts, int maxAttempts,
                                   UUID lastTaskId, UUID succeededTask, UUID settledTask, Instant clearedAt, Instant remediatedAt) {
        public boolean attemptsLeft() {
            return attempts < maxAttempts;
        }
    }

    /** Starts the record of an alert; false when one exists already (the alert was heard before). */
    public boolean start(UUID alertId, ClientId client, UUID deviceId, UUID ruleId, UUID ticketId, int maxAttempts, Instant at) {
        return jdbc.sql("""
                        INSERT INTO remediation_alert (alert_id, client_id, device_id, rule_id, ticket_id, max_attempts, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING""")
                .params(alertId, client.value(), deviceId, ruleId, ticketId, maxAttempts, Timestamp.from(at)).update() == 1;
    }

    /** The alert's record, locked until the transaction ends. */
    public Optional<AlertRemediation> lock(UUID alertId) {
        return jdbc.sql("SELECT * FROM remediation_alert WHERE alert_id = ? FOR UPDATE").param(alertId).query(RemediationRepository::alert).optional();
    }

    /** The record of the alert a remediation task ran for. */
    public Optional<UUID> alertOfTask(UUID taskId) {
        return jdbc.sql("SELECT alert_id FROM task WHERE id = ? AND alert_id IS NOT NULL").param(taskId).query(UUID.class).optional();
    }

    /** Counts one attempt: the task started for it, or (task null) why none could start. */
    public void attempted(UUID alertId, UUID taskId, String problem) {
        jdbc.sql("UPDATE remediation_alert SET attempts = attempts + 1, last_task_id = COALESCE(?, last_task_id), last_problem = ? WHERE alert_id = ?")
                .params(taskId, problem, alertId).update();
    }

    /** The task's finished run was acted on (retried, or recorded as succeeded): it is not acted on again. */
    public void settled(UUID alertId, UUID taskId) {
        jdbc.sql("UPDATE remediation_alert SET settled_task = ? WHERE alert_id = ?").params(taskId, alertId).update();
    }

    public void succeeded(UUID alertId, UUID taskId) {
        jdbc.sql("UPDATE remediation_alert SET succeeded_task = ? WHERE alert_id = ? AND succeeded_task IS NULL").params(taskId, alertId).update();
    }

    public void cleared(UUID alertId, UUID ticketId, Instant at) {
        jdbc.sql("UPDATE remediation_alert SET cleared_at = ?, ticket_id = COALESCE(ticket_id, ?) WHERE alert_id = ? AND cleared_at IS NULL")
                .params(Timestamp.from(at), ticketId, alertId).update();
    }

    public void remediated(UUID alertId, Instant at) {
        jdbc.sql("UPDATE remediation_alert SET remediated_at = ? WHERE alert_id = ?").params(Timestamp.from(at), alertId).update();
    }

    // ---- the catch-up sweep (system scope)

    /** Each rule's policy and since when the rule exists (an alert that opened before it was never the rule's to act on). */
    public Map<UUID, Instant> rulePolicies() {
        Map<UUID, Instant> policies = new HashMap<>();
        jdbc.sql("SELECT policy_id, created_at FROM remediation_rule")
                .query(rs -> {
                    policies.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                });
        return policies;
    }

    /** Those of {@code alertIds} remediation already started on. */
    public Set<UUID> known(Collection<UUID> alertIds) {
        if (alertIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT alert_id FROM remediation_alert WHERE alert_id = ANY(CAST(? AS uuid[]))")
                .param(alertIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"))).query(UUID.class).list());
    }

    /**
     * A remediation not yet marked remediated that may wait for a lost event: its last run finished (before
     * {@code finishedBefore}) and was not acted on ({@code runState} set), or it has a successful run and has not heard
     * its alert clear.
     */
    public record Unsettled(UUID alertId, ClientId clientId, UUID deviceId, UUID lastTaskId, String runState) {
    }

    private static final String FINISHED = "r.state IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'REFUSED', 'EXPIRED')"
            + " AND ra.last_task_id IS DISTINCT FROM ra.settled_task AND (r.finished_at IS NULL OR r.finished_at <= ?)";

    /**
     * Remediations started since {@code since} that may wait for a lost event: those with a run to act on first, then
     * oldest first; at most {@code limit}.
     */
    public List<Unsettled> unsettled(Instant since, Instant finishedBefore, int limit) {
        Timestamp before = Timestamp.from(finishedBefore);
        return jdbc.sql("SELECT ra.alert_id, ra.client_id, ra.device_id, ra.last_task_id, CASE WHEN " + FINISHED + " THEN r.state END"
                        + " FROM remediation_alert ra LEFT JOIN task_run r ON r.task_id = ra.last_task_id AND r.device_id = ra.device_id"
                        + " WHERE ra.remediated_at IS NULL AND ra.created_at >= ? AND ((" + FINISHED + ")"
                        + " OR ra.cleared_at IS NULL AND (ra.succeeded_task IS NOT NULL OR r.state = 'SUCCEEDED')"
                        + " OR ra.cleared_at IS NOT NULL AND ra.succeeded_task IS NOT NULL)"
                        // Runs to act on first: a row waiting only for its alert to clear may wait long (the script did not fix it).
                        + " ORDER BY CASE WHEN " + FINISHED + " THEN 0 ELSE 1 END, ra.created_at LIMIT ?")
                .params(before, Timestamp.from(since), before, before, limit)
                .query((rs, n) -> new Unsettled(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5)))
                .list();
    }

    private static AlertRemediation alert(ResultSet rs, int n) throws SQLException {
        Timestamp cleared = rs.getTimestamp("cleared_at");
        Timestamp remediated = rs.getTimestamp("remediated_at");
        return new AlertRemediation(rs.getObject("alert_id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getObject("device_id", UUID.class), rs.getObject("rule_id", UUID.class), rs.getObject("ticket_id", UUID.class),
                rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getObject("last_task_id", UUID.class), rs.getObject("succeeded_task", UUID.class),
                rs.getObject("settled_task", UUID.class), cleared == null ? null : cleared.toInstant(), remediated == null ? null : remediated.toInstant());
    }
}
