package io.steward.server.automation.internal.tasks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.automation.Task;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The task, task_assertion, task_secret and task_run tables as the task workflow writes and reads them. */
@Repository
public class TaskRepository {
    private static final String TASK = """
            SELECT t.*, v.sha256 AS script_sha256, (SELECT count(*) FROM task_run r WHERE r.task_id = t.id) AS device_count
            FROM task t JOIN script_version v ON v.id = t.script_version_id""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    TaskRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A task row with what signing needs beyond the {@link Task}: its stored digest. */
    public record Stored(Task task, byte[] digest, byte[] spec) {
    }

    public record NewTask(UUID id, ClientId client, UUID scriptVersionId, String scriptName, UUID standardChangeId, List<Parameter> parameters,
                          String targetKind, UUID targetId, String schedule, Instant notBefore, Instant notAfter, int maxConcurrent,
                          int stopAfterFailures, String state, byte[] spec, byte[] digest, UUID requestedBy, String requestedByName,
                          UUID ticketId, UUID changeTicketId, UUID alertId, Instant at) {
    }

    public void insert(NewTask t) {
        jdbc.sql("""
                INSERT INTO task (id, client_id, script_version_id, standard_change_id, parameters, target_kind, target_id, schedule,
                    not_before, not_after, max_concurrent, stop_after_failures, state, spec, digest, requested_by, requested_by_name,
                    ticket_id, change_ticket_id, alert_id, created_at, script_name)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id(), t.client().value(), t.scriptVersionId(), t.standardChangeId(), json.writeValueAsString(t.parameters()),
                        t.targetKind(), t.targetId(), t.schedule(), Timestamp.from(t.notBefore()), Timestamp.from(t.notAfter()),
                        t.maxConcurrent(), t.stopAfterFailures(), t.state(), t.spec(), t.digest(), t.requestedBy(), t.requestedByName(),
                        t.ticketId(), t.changeTicketId(), t.alertId(), Timestamp.from(t.at()), t.scriptName())
                .update();
    }

    public void insertRun(UUID taskId, ClientId client, UUID deviceId) {
        jdbc.sql("INSERT INTO task_run (task_id, device_id, client_id, state) VALUES (?, ?, ?, 'PENDING')")
                .params(taskId, deviceId, client.value()).update();
    }

    public void insertAssertion(UUID taskId, ClientId client, String purpose, UUID user, PasskeyAssertion a, Instant at) {
        jdbc.sql("""
                INSERT INTO task_assertion (task_id, client_id, purpose, user_id, credential_id, authenticator_data, client_data_json,
                    signature, user_handle, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(taskId, client.value(), purpose, user, a.credentialId(), a.authenticatorData(), a.clientDataJson(), a.signature(),
                        a.userHandle(), Timestamp.from(at))
                .update();
    }

    public Optional<PasskeyAssertion> assertion(UUID taskId, String purpose) {
        return jdbc.sql("SELECT * FROM task_assertion WHERE task_id = ? AND purpose = ?").params(taskId, purpose)
                .query((rs, n) -> new PasskeyAssertion(rs.getString("credential_id"), rs.getString("authenticator_data"),
                        rs.getString("client_data_json"), rs.getString("signature"), rs.getString("user_handle")))
                .optional();
    }

    public void insertSecret(UUID taskId, ClientId client, String name, String sealed) {
        jdbc.sql("INSERT INTO task_secret (task_id, client_id, name, sealed) VALUES (?, ?, ?, ?)")
                .params(taskId, client.value(), name, sealed.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).update();
    }

    public void deleteSecrets(UUID taskId) {
        jdbc.sql("DELETE FROM task_secret WHERE task_id = ?").param(taskId).update();
    }

    public Optional<Stored> find(TenantScope scope, UUID id) {
        return one(scope, id, "");
    }

    /** The task, its row locked until the transaction ends: decisions on one task happen one after the other. */
    public Optional<Stored> lock(TenantScope scope, UUID id) {
        return one(scope, id, " FOR UPDATE OF t");
    }

    private Optional<Stored> one(TenantScope scope, UUID id, String lock) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql(TASK + " WHERE " + TenantScope.sqlCondition("t.client_id") + " AND t.id = ?" + lock).params(p)
                .query((rs, n) -> new Stored(task(rs), rs.getBytes("digest"), rs.getBytes("spec"))).optional();
    }

    /** Tasks in scope, newest first; {@code state} and {@code client} filter when not null. */
    public List<Task> list(TenantScope scope, String state, ClientId client, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        StringBuilder where = new StringBuilder(" WHERE " + TenantScope.sqlCondition("t.client_id"));
        if (state != null) {
            where.append(" AND t.state = ?");
            p.add(state);
        }
        if (client != null) {
            where.append(" AND t.client_id = ?");
            p.add(client.value());
        }
        p.add(limit);
        return jdbc.sql(TASK + where + " ORDER BY t.created_at DESC, t.number DESC LIMIT ?").params(p).query((rs, n) -> task(rs)).list();
    }

    /** The device ids of a task's runs, sorted as a TaskSpec lists them. */
    public List<UUID> deviceIds(UUID taskId) {
        return jdbc.sql("SELECT device_id FROM task_run WHERE task_id = ?").param(taskId).query(UUID.class).list().stream().sorted().toList();
    }

    /** A run as stored; hostname is filled in by the caller. */
    public List<RunRow> runs(UUID taskId) {
        return jdbc.sql("SELECT * FROM task_run WHERE task_id = ? ORDER BY device_id").param(taskId).query((rs, n) -> run(rs)).list();
    }

    /** A device's runs in scope, newest first, with their task. */
    public List<RunRow> runsOfDevice(TenantScope scope, DeviceId device, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(device.value());
        p.add(limit);
        return jdbc.sql("SELECT r.* FROM task_run r JOIN task t ON t.id = r.task_id WHERE " + TenantScope.sqlCondition("r.client_id")
                        + " AND r.device_id = ? ORDER BY t.created_at DESC LIMIT ?").params(p).query((rs, n) -> run(rs)).list();
    }

    public record RunRow(UUID taskId, UUID deviceId, String state, Instant queuedAt, Instant deliveredAt, Instant startedAt, Instant finishedAt,
                         Integer exitCode, Long durationMs, String stdoutTail, String stderrTail, Long stdoutBytes, Long stderrBytes,
                         String stdoutSha256, String reason, boolean signed) {
    }

    /** One device's signed order, as the signer returned it. */
    public record Order(UUID deviceId, String payload, String signature) {
    }

    /** Queues the task's pending runs with their signed orders, all in one statement (a task may have thousands). */
    public void storeOrders(UUID taskId, List<Order> orders, Instant at) {
        jdbc.sql("""
                UPDATE task_run r SET order_payload = o.payload, order_signature = o.signature, state = 'QUEUED', queued_at = ?
                FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[])) AS o(device_id, payload, signature)
                WHERE r.task_id = ? AND r.device_id = o.device_id AND r.state = 'PENDING'""")
                .params(Timestamp.from(at), orders.stream().map(Order::deviceId).toArray(UUID[]::new), orders.stream().map(Order::payload).toArray(String[]::new),
                        orders.stream().map(Order::signature).toArray(String[]::new), taskId)
                .update();
    }

    public void decide(UUID taskId, String state, UUID by, String byName, String reason, Instant at) {
        jdbc.sql("UPDATE task SET state = ?, approved_by = ?, approved_by_name = ?, reason = ?, decided_at = ? WHERE id = ?")
                .params(state, by, byName, reason, Timestamp.from(at), taskId).update();
    }

    public void setReason(UUID taskId, String reason) {
        jdbc.sql("UPDATE task SET reason = ? WHERE id = ?").params(reason, taskId).update();
    }

    /** Cancels a task: runs not yet delivered end CANCELLED, delivered or running ones are asked to stop. */
    public void cancel(UUID taskId, String reason, Instant at) {
        jdbc.sql("UPDATE task SET state = 'CANCELLED', reason = ?, finished_at = ? WHERE id = ?").params(reason, Timestamp.from(at), taskId).update();
        jdbc.sql("UPDATE task_run SET state = 'CANCELLED', finished_at = ?, reason = ? WHERE task_id = ? AND state IN ('PENDING', 'QUEUED')")
                .params(Timestamp.from(at), reason, taskId).update();
        jdbc.sql("UPDATE task_run SET cancel_requested = true WHERE task_id = ? AND state IN ('DELIVERED', 'RUNNING')").param(taskId).update();
    }

    /** The tickets a task reports to (the one it was raised from and its change ticket), by task, in the caller's scope. */
    public Optional<Tickets> tickets(UUID taskId) {
        return jdbc.sql("SELECT number, script_name, ticket_id, change_ticket_id FROM task WHERE id = ?").param(taskId)
                .query((rs, n) -> new Tickets(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class)))
                .optional();
    }

    public record Tickets(long number, String scriptName, UUID ticketId, UUID changeTicketId) {
    }

    /**
     * The newest version of the same script, other than this one, that a task was approved or run with: what the
     * approver's diff starts from.
     */
    public Optional<UUID> lastApprovedVersion(UUID scriptVersionId) {
        return jdbc.sql("""
                SELECT t.script_version_id FROM task t
                JOIN script_version v ON v.id = t.script_version_id
                WHERE v.script_id = (SELECT script_id FROM script_version WHERE id = ?) AND t.script_version_id <> ?
                  AND t.state IN ('APPROVED', 'RUNNING', 'DONE', 'STOPPED')
                ORDER BY v.number DESC LIMIT 1""").params(scriptVersionId, scriptVersionId).query(UUID.class).optional();
    }

    private Task task(ResultSet rs) throws SQLException {
        List<Parameter> params = json.readValue(rs.getString("parameters"), new TypeReference<List<Parameter>>() { });
        return new Task(rs.getObject("id", UUID.class), rs.getLong("number"), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getObject("script_version_id", UUID.class), rs.getString("script_name"), rs.getString("script_sha256"), params,
                rs.getString("target_kind"), rs.getObject("target_id", UUID.class), rs.getString("schedule"), instant(rs, "not_before"),
                instant(rs, "not_after"), rs.getInt("max_concurrent"), rs.getInt("stop_after_failures"), rs.getString("state"),
                java.util.HexFormat.of().formatHex(rs.getBytes("digest")), rs.getInt("device_count"), rs.getObject("standard_change_id", UUID.class),
                rs.getObject("requested_by", UUID.class), rs.getString("requested_by_name"), rs.getObject("approved_by", UUID.class),
                rs.getString("approved_by_name"), rs.getObject("ticket_id", UUID.class), rs.getObject("change_ticket_id", UUID.class),
                rs.getObject("alert_id", UUID.class), rs.getString("reason"), instant(rs, "created_at"), instant(rs, "decided_at"),
                instant(rs, "finished_at"));
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getObject("task_id", UUID.class), rs.getObject("device_id", UUID.class), rs.getString("state"),
                instant(rs, "queued_at"), instant(rs, "delivered_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                (Integer) rs.getObject("exit_code"), (Long) rs.getObject("duration_ms"), rs.getString("stdout_tail"), rs.getString("stderr_tail"),
                (Long) rs.getObject("stdout_bytes"), (Long) rs.getObject("stderr_bytes"), rs.getString("stdout_sha256"), rs.getString("reason"),
                rs.getString("order_signature") != null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
