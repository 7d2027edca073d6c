package io.steward.server.automation.internal.agent;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    record Candidate(DeviceId deviceId, UUID taskId, String orderPayload, String orderSignature, String script, String schedule, Instant notBefore,
                     Instant notAfter) {
    }

    /** The devices' queued runs of tasks that may run, oldest first, at most 20 per device. */
    List<Candidate> queued(List<DeviceId> devices) {
        return jdbc.sql("""
                        SELECT device_id, task_id, order_payload, order_signature, body, schedule, not_before, not_after FROM (
                          SELECT r.device_id, r.task_id, r.order_payload, r.order_signature, v.body, t.schedule, t.not_before, t.not_after,
                                 r.queued_at, row_number() OVER (PARTITION BY r.device_id ORDER BY r.queued_at NULLS LAST, r.task_id) AS n
                          FROM task_run r JOIN task t ON t.id = r.task_id JOIN script_version v ON v.id = t.script_version_id
                          WHERE r.device_id = ANY (?) AND r.state = 'QUEUED' AND NOT r.cancel_requested AND t.state IN ('APPROVED', 'RUNNING')
                            AND r.order_payload IS NOT NULL AND r.order_signature IS NOT NULL) q
                        WHERE n <= 20 ORDER BY device_id, queued_at NULLS LAST, task_id""")
                .param(ids(devices))
                .query((rs, n) -> new Candidate(new DeviceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()))
                .list();
    }

    /**
     * Delivers the task's runs on {@code devices} (in that order) while the task still runs and has room under
     * max_concurrent; the task row is locked so that concurrent deliveries of the task count one after the other.
     * Returns the devices it delivered to.
     */
    List<DeviceId> claim(UUID taskId, List<DeviceId> devices, Instant now) {
        Optional<Integer> max = jdbc.sql("SELECT max_concurrent FROM task WHERE id = ? AND state IN ('APPROVED', 'RUNNING') FOR UPDATE")
                .param(taskId).query(Integer.class).optional();
        if (max.isEmpty()) {
            return List.of();
        }
        int room = max.get() - jdbc.sql("SELECT count(*) FROM task_run WHERE task_id = ? AND state IN ('DELIVERED', 'RUNNING')")
                .param(taskId).query(Integer.class).single();
        List<DeviceId> delivered = new java.util.ArrayList<>();
        int next = 0;
        // A run cancelled meanwhile is not delivered and frees its place for the next device.
        while (room > 0 && next < devices.size()) {
            List<DeviceId> some = devices.subList(next, Math.min(devices.size(), next + room));
            next += some.size();
            List<DeviceId> updated = jdbc.sql("""
                            UPDATE task_run SET state = 'DELIVERED', delivered_at = ?
                            WHERE task_id = ? AND device_id = ANY (?) AND state = 'QUEUED' AND NOT cancel_requested
                            RETURNING device_id""")
                    .params(Timestamp.from(now), taskId, ids(some)).query((rs, n) -> new DeviceId(rs.getObject(1, UUID.class))).list();
            delivered.addAll(updated);
            room -= updated.size();
        }
        if (!delivered.isEmpty()) {
            jdbc.sql("UPDATE task SET state = 'RUNNING' WHERE id = ? AND state = 'APPROVED'").param(taskId).update();
        }
        return delivered;
    }

    private static UUID[] ids(List<DeviceId> devices) {
        return devices.stream().map(DeviceId::value).toArray(UUID[]::new);
    }

    /** The sealed secret values of a task, by name. */
    Map<String, String> sealedSecrets(UUID taskId) {
        return jdbc.sql("SELECT name, sealed FROM task_secret WHERE task_id = ?").param(taskId)
                .query((rs, n) -> Map.entry(rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Per device, the tasks whose runs there the agent must stop: those flagged (cancel requested, or their task
     * cancelled, stopped or expired), and those the agent says it holds ({@code held}) that the server no longer runs
     * there (final, or unknown).
     */
    Map<DeviceId, List<UUID>> toCancel(List<DeviceId> devices, Map<DeviceId, List<UUID>> held) {
        Map<DeviceId, java.util.LinkedHashSet<UUID>> stop = new HashMap<>();
        jdbc.sql("""
                        SELECT r.device_id, r.task_id FROM task_run r JOIN task t ON t.id = r.task_id
                        WHERE r.device_id = ANY (?) AND r.state IN ('DELIVERED', 'RUNNING')
                          AND (r.cancel_requested OR t.state IN ('CANCELLED', 'STOPPED', 'EXPIRED'))""")
                .param(ids(devices)).query((rs, n) -> Map.entry(new DeviceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list()
                .forEach(e -> stop.computeIfAbsent(e.getKey(), d -> new java.util.LinkedHashSet<>()).add(e.getValue()));
        UUID[] anyHeld = held.values().stream().flatMap(List::stream).distinct().toArray(UUID[]::new);
        if (anyHeld.length > 0) {
            Set<Map.Entry<DeviceId, UUID>> live = new HashSet<>(jdbc.sql("""
                            SELECT device_id, task_id FROM task_run WHERE device_id = ANY (?) AND task_id = ANY (?) AND state IN ('DELIVERED', 'RUNNING')""")
                    .params(ids(devices), anyHeld).query((rs, n) -> Map.entry(new DeviceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list());
            held.forEach((device, tasks) -> tasks.stream().filter(t -> !live.contains(Map.entry(device, t)))
                    .forEach(t -> stop.computeIfAbsent(device, d -> new java.util.LinkedHashSet<>()).add(t)));
        }
        Map<DeviceId, List<UUID>> answer = new HashMap<>();
        stop.forEach((device, tasks) -> answer.put(device, List.copyOf(tasks)));
        return answer;
    }

    /** A run that just became final, as it is announced. */
    record Finished(UUID taskId, DeviceId deviceId, ClientId clientId, String state, Integer exitCode, Long durationMs, String reason, String stdoutTail,
                    UUID alertId) {
    }

    /** How long past a run's timeout its agent's final report may still be on its way (a spooled report, a slow link). */
    static final java.time.Duration LOST_GRACE = java.time.Duration.ofMinutes(10);

    /**
     * Queued runs that can no longer be delivered become final: EXPIRED past their task's not_after, CANCELLED when
     * cancel was requested or their task was cancelled or stopped. Delivered runs the agent never started expire too,
     * once the agent's own clock allowance has passed; running ones whose agent fell silent time out {@link #LOST_GRACE}
     * after their timeout. {@code devices} null: every device in scope.
     */
    List<Finished> settleUndeliverable(List<DeviceId> devices, Instant now) {
        UUID[] only = devices == null ? null : ids(devices);
        List<Finished> expired = jdbc.sql("""
                        UPDATE task_run r SET state = 'EXPIRED', finished_at = ?, reason = 'the task expired before this device started it'
                        FROM task t WHERE t.id = r.task_id AND ((r.state = 'QUEUED' AND t.not_after <= ?)
                          OR (r.state = 'DELIVERED' AND t.not_after <= ?)) AND (CAST(? AS uuid[]) IS NULL OR r.device_id = ANY (?))
                        RETURNING r.task_id, r.device_id, r.client_id, r.state, r.reason, t.alert_id""")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.minusSeconds(600)), only, only)
                .query((rs, n) -> finished(rs)).list();
        List<Finished> cancelled = jdbc.sql("""
                        UPDATE task_run r SET state = 'CANCELLED', finished_at = ?, reason = 'cancelled before delivery'
                        FROM task t WHERE t.id = r.task_id AND r.state = 'QUEUED'
                          AND (r.cancel_requested OR t.state IN ('CANCELLED', 'STOPPED')) AND (CAST(? AS uuid[]) IS NULL OR r.device_id = ANY (?))
                        RETURNING r.task_id, r.device_id, r.client_id, r.state, r.reason, t.alert_id""")
                .params(Timestamp.from(now), only, only).query((rs, n) -> finished(rs)).list();
        // A run whose agent went silent (the device died or was wiped mid-run) would stay RUNNING for ever and keep its
        // task open: past its timeout and a grace for the agent's report to arrive, it timed out as far as anyone knows.
        List<Finished> lost = jdbc.sql("""
                        UPDATE task_run r SET state = 'TIMED_OUT', finished_at = ?,
                          reason = 'the device did not report the end of the run within its timeout and ' || ? || ' minutes: it may be offline'
                        FROM task t JOIN script_version v ON v.id = t.script_version_id
                        WHERE t.id = r.task_id AND r.state = 'RUNNING'
                          AND r.started_at + make_interval(secs => v.timeout_seconds + ?) <= ?
                          AND (CAST(? AS uuid[]) IS NULL OR r.device_id = ANY (?))
                        RETURNING r.task_id, r.device_id, r.client_id, r.state, r.reason, t.alert_id""")
                .params(Timestamp.from(now), Long.toString(LOST_GRACE.toMinutes()), LOST_GRACE.toSeconds(), Timestamp.from(now), only, only)
                .query((rs, n) -> finished(rs)).list();
        java.util.ArrayList<Finished> all = new java.util.ArrayList<>(expired);
        all.addAll(cancelled);
        all.addAll(lost);
        return all;
    }

    private static Finished finished(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Finished(rs.getObject(1, UUID.class), new DeviceId(rs.getObject(2, UUID.class)), new ClientId(rs.getObject(3, UUID.class)),
                rs.getString(4), null, null, rs.getString(5), null, rs.getObject(6, UUID.class));
    }

    /** A run as a report finds it, locked. */
    record Run(String state, String taskState, int stopAfterFailures, UUID alertId) {
    }

    Optional<Run> lock(UUID taskId, DeviceId device) {
        return jdbc.sql("""
                        SELECT r.state, t.state, t.stop_after_failures, t.alert_id FROM task_run r JOIN task t ON t.id = r.task_id
                        WHERE r.task_id = ? AND r.device_id = ? FOR UPDATE OF r""")
                .params(taskId, device.value())
                .query((rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getObject(4, UUID.class))).optional();
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
                        RETURNING task_id, device_id, client_id, state, reason, (SELECT alert_id FROM task WHERE id = task_id)""")
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
