package io.steward.server.automation.internal.agent;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of delivering runs to agents and recording what they report: task_run rows move QUEUED -> DELIVERED ->
 * RUNNING -> a final state here, and their task to RUNNING, DONE or STOPPED. Runs in the caller's transaction and
 * tenant scope.
 */
@Repository
class TaskRunStore {
    static final List<String> FINAL = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "REFUSED", "EXPIRED");
    private static final String FINAL_SQL = "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'REFUSED', 'EXPIRED')";

    private final JdbcClient jdbc;

    TaskRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A queued run that may be deliverable, with what delivering it needs. */
    record Candidate(UUID taskId, String orderPayload, String orderSignature, String script, String schedule, Instant notBefore, Instant notAfter) {
    }

    /** The device's queued runs of tasks that may run, oldest first. */
    List<Candidate> queued(DeviceId device) {
        return jdbc.sql("""
                        SELECT r.task_id, r.order_payload, r.order_signature, v.body, t.schedule, t.not_before, t.not_after
                        FROM task_run r JOIN task t ON t.id = r.task_id JOIN script_version v ON v.id = t.script_version_id
                        WHERE r.device_id = ? AND r.state = 'QUEUED' AND NOT r.cancel_requested AND t.state IN ('APPROVED', 'RUNNING')
                          AND r.order_payload IS NOT NULL AND r.order_signature IS NOT NULL
                        ORDER BY r.queued_at NULLS LAST, r.task_id LIMIT 20""")
                .param(device.value())
                .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /**
     * Delivers one run if its task still runs and has room under max_concurrent; the task row is locked so that
     * concurrent polls of the task's devices count one after the other. True when this call delivered it.
     */
    boolean claim(UUID taskId, DeviceId device, Instant now) {
        Optional<Integer> max = jdbc.sql("SELECT max_concurrent FROM task WHERE id = ? AND state IN ('APPROVED', 'RUNNING') FOR UPDATE")
                .param(taskId).query(Integer.class).optional();
        if (max.isEmpty()) {
            return false;
        }
        int inFlight = jdbc.sql("SELECT count(*) FROM task_run WHERE task_id = ? AND state IN ('DELIVERED', 'RUNNING')")
                .param(taskId).query(Integer.class).single();
        if (inFlight >= max.get()) {
            return false;
        }
        int updated = jdbc.sql("""
                        UPDATE task_run SET state = 'DELIVERED', delivered_at = ?
                        WHERE task_id = ? AND device_id = ? AND state = 'QUEUED' AND NOT cancel_requested""")
                .params(Timestamp.from(now), taskId, device.value()).update();
        if (updated == 1) {
            jdbc.sql("UPDATE task SET state = 'RUNNING' WHERE id = ? AND state = 'APPROVED'").param(taskId).update();
        }
        return updated == 1;
    }

    /** The sealed secret values of a task, by name. */
    Map<String, String> sealedSecrets(UUID taskId) {
        return jdbc.sql("SELECT name, sealed FROM task_secret WHERE task_id = ?").param(taskId)
                .query((rs, n) -> Map.entry(rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Tasks whose runs on the device the agent holds (delivered or running) must stop. */
    List<UUID> toCancel(DeviceId device, List<UUID> heldByAgent) {
        List<UUID> flagged = jdbc.sql("""
                        SELECT r.task_id FROM task_run r JOIN task t ON t.id = r.task_id
                        WHERE r.device_id = ? AND r.state IN ('DELIVERED', 'RUNNING')
                          AND (r.cancel_requested OR t.state IN ('CANCELLED', 'STOPPED', 'EXPIRED'))""")
                .param(device.value()).query(UUID.class).list();
        if (heldByAgent.isEmpty()) {
            return flagged;
        }
        // What the agent holds but the server no longer runs there (final, or unknown): stop it too.
        List<UUID> live = jdbc.sql("SELECT task_id FROM task_run WHERE device_id = ? AND task_id = ANY (?) AND state IN ('DELIVERED', 'RUNNING')")
                .params(device.value(), heldByAgent.toArray(UUID[]::new)).query(UUID.class).list();
        java.util.LinkedHashSet<UUID> all = new java.util.LinkedHashSet<>(flagged);
        heldByAgent.stream().filter(id -> !live.contains(id)).forEach(all::add);
        return List.copyOf(all);
    }

    /** A run that just became final, as it is announced. */
    record Finished(UUID taskId, DeviceId deviceId, ClientId clientId, String state, Integer exitCode, Long durationMs, String reason, String stdoutTail) {
    }

    /**
     * Queued runs that can no longer be delivered become final: EXPIRED past their task's not_after, CANCELLED when
     * cancel was requested or their task was cancelled or stopped. Delivered runs the agent never started expire too,
     * once the agent's own clock allowance has passed. {@code device} null: every device in scope.
     */
    List<Finished> settleUndeliverable(DeviceId device, Instant now) {
        UUID only = device == null ? null : device.value();
        List<Finished> expired = jdbc.sql("""
                        UPDATE task_run r SET state = 'EXPIRED', finished_at = ?, reason = 'the task expired before this device started it'
                        FROM task t WHERE t.id = r.task_id AND ((r.state = 'QUEUED' AND t.not_after <= ?)
                          OR (r.state = 'DELIVERED' AND t.not_after <= ?)) AND (CAST(? AS uuid) IS NULL OR r.device_id = ?)
                        RETURNING r.task_id, r.device_id, r.client_id, r.state, r.reason""")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.minusSeconds(600)), only, only)
                .query((rs, n) -> finished(rs)).list();
        List<Finished> cancelled = jdbc.sql("""
                        UPDATE task_run r SET state = 'CANCELLED', finished_at = ?, reason = 'cancelled before delivery'
                        FROM task t WHERE t.id = r.task_id AND r.state = 'QUEUED'
                          AND (r.cancel_requested OR t.state IN ('CANCELLED', 'STOPPED')) AND (CAST(? AS uuid) IS NULL OR r.device_id = ?)
                        RETURNING r.task_id, r.device_id, r.client_id, r.state, r.reason""")
                .params(Timestamp.from(now), only, only).query((rs, n) -> finished(rs)).list();
        java.util.ArrayList<Finished> all = new java.util.ArrayList<>(expired);
        all.addAll(cancelled);
        return all;
    }

    private static Finished finished(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Finished(rs.getObject(1, UUID.class), new DeviceId(rs.getObject(2, UUID.class)), new ClientId(rs.getObject(3, UUID.class)),
                rs.getString(4), null, null, rs.getString(5), null);
    }

    /** A run as a report finds it, locked. */
    record Run(String state, String taskState, int stopAfterFailures) {
    }

    Optional<Run> lock(UUID taskId, DeviceId device) {
        return jdbc.sql("""
                        SELECT r.state, t.state, t.stop_after_failures FROM task_run r JOIN task t ON t.id = r.task_id
                        WHERE r.task_id = ? AND r.device_id = ? FOR UPDATE OF r""")
                .params(taskId, device.value())
                .query((rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getInt(3))).optional();
    }

    void started(UUID taskId, DeviceId device, Instant at) {
        jdbc.sql("UPDATE task_run SET state = 'RUNNING', started_at = ? WHERE task_id = ? AND device_id = ?")
                .params(Timestamp.from(at), taskId, device.value()).update();
    }

    /** The outcome the agent reported. */
    record Outcome(String state, String reason, Integer exitCode, Long durationMs, String stdoutTail, String stderrTail, long stdoutBytes,
                   long stderrBytes, String stdoutSha256, String stderrSha256) {
    }

    void finish(UUID taskId, DeviceId device, Outcome o, Instant at) {
        jdbc.sql("""
                        UPDATE task_run SET state = ?, reason = ?, exit_code = ?, duration_ms = ?, stdout_tail = ?, stderr_tail = ?, stdout_bytes = ?,
                               stderr_bytes = ?, stdout_sha256 = ?, stderr_sha256 = ?, finished_at = ?
                        WHERE task_id = ? AND device_id = ?""")
                .params(o.state(), o.reason(), o.exitCode(), o.durationMs(), o.stdoutTail(), o.stderrTail(), o.stdoutBytes(), o.stderrBytes(),
                        o.stdoutSha256(), o.stderrSha256(), Timestamp.from(at), taskId, device.value())
                .update();
    }

    int failures(UUID taskId) {
        return jdbc.sql("SELECT count(*) FROM task_run WHERE task_id = ? AND state IN ('FAILED', 'TIMED_OUT', 'REFUSED')")
                .param(taskId).query(Integer.class).single();
    }

    /**
     * Stops a task after too many failures: its runs not yet delivered are cancelled (returned, to be announced) and
     * those in flight are asked to stop.
     */
    List<Finished> stop(UUID taskId, Instant at) {
        jdbc.sql("UPDATE task SET state = 'STOPPED', reason = 'stopped after too many failures' WHERE id = ? AND state IN ('APPROVED', 'RUNNING')")
                .param(taskId).update();
        jdbc.sql("UPDATE task_run SET cancel_requested = true WHERE task_id = ? AND state IN ('DELIVERED', 'RUNNING')").param(taskId).update();
        return jdbc.sql("""
                        UPDATE task_run SET state = 'CANCELLED', finished_at = ?, reason = 'the task stopped after too many failures'
                        WHERE task_id = ? AND state IN ('PENDING', 'QUEUED')
                        RETURNING task_id, device_id, client_id, state, reason""")
                .params(Timestamp.from(at), taskId).query((rs, n) -> finished(rs)).list();
    }

    /** Once every run of the task is final, the task is DONE (or stays STOPPED/CANCELLED) and gets its finish time. */
    void completeIfAllFinal(UUID taskId, Instant at) {
        jdbc.sql("UPDATE task SET state = CASE WHEN state IN ('APPROVED', 'RUNNING') THEN 'DONE' ELSE state END, finished_at = coalesce(finished_at, ?) "
                        + "WHERE id = ? AND state IN ('APPROVED', 'RUNNING', 'STOPPED', 'CANCELLED') "
                        + "AND NOT EXISTS (SELECT 1 FROM task_run WHERE task_id = ? AND state NOT IN " + FINAL_SQL + ")")
                .params(Timestamp.from(at), taskId, taskId).update();
    }
}
