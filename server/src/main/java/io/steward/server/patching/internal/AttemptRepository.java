package io.steward.server.patching.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.patching.InstallAttempts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Failed installs per device and package version, and the device's incident for them (patch_install_attempt, patch_install_incident). */
@Repository
public class AttemptRepository {
    private final JdbcClient jdbc;

    AttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one failed attempt of a package version on a device by task {@code taskId}; a task already counted for it
     * is not counted again (the listener may hear a run twice). The failure waits for the sweep (handled = false).
     */
    public void failed(ClientId client, DeviceId device, String name, String version, String scope, boolean automatic, UUID taskId, String reason,
                       Instant at) {
        jdbc.sql("""
                        INSERT INTO patch_install_attempt (device_id, client_id, name, version, scope, automatic, failures, task_ids, last_reason,
                                                           last_failed_at, state, handled, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 1, ARRAY[CAST(? AS uuid)], ?, ?, 'FAILED', false, ?)
                        ON CONFLICT (device_id, name, version) DO UPDATE SET failures = patch_install_attempt.failures + 1,
                            task_ids = patch_install_attempt.task_ids || excluded.task_ids, last_reason = excluded.last_reason,
                            last_failed_at = excluded.last_failed_at, scope = excluded.scope, automatic = excluded.automatic,
                            state = 'FAILED', handled = false, next_at = NULL, updated_at = excluded.updated_at
                        WHERE NOT (CAST(? AS uuid) = ANY (patch_install_attempt.task_ids))""")
                .params(device.value(), client.value(), name, version, scope, automatic, taskId, limit(reason), Timestamp.from(at), Timestamp.from(at),
                        taskId)
                .update();
    }

    /** The package installed on the device (whatever version): its attempts are over. */
    public int installed(DeviceId device, String name) {
        return jdbc.sql("DELETE FROM patch_install_attempt WHERE device_id = ? AND name = ?").params(device.value(), name).update();
    }

    /** Attempts whose version the device's last good scan no longer offers (installed, superseded or removed). */
    public int clearGone(DeviceId device) {
        return jdbc.sql("""
                        DELETE FROM patch_install_attempt a WHERE a.device_id = ? AND NOT EXISTS (
                            SELECT 1 FROM patch_update u WHERE u.device_id = a.device_id AND u.candidate_version = a.version
                              AND (u.name = a.name OR u.name || ':' || u.arch = a.name))""")
                .param(device.value()).update();
    }

    /** Rows Steward's retry task {@code taskId} is on for the device, still waiting for that retry's outcome. */
    public List<InstallAttempts.Attempt> retrying(DeviceId device, UUID taskId) {
        return jdbc.sql("SELECT * FROM patch_install_attempt WHERE device_id = ? AND retry_task_id = ? AND state = 'RETRYING'")
                .params(device.value(), taskId).query(AttemptRepository::attempt).list();
    }

    /** Clients with failures not acted on yet (system scope). */
    public List<ClientId> clientsWithFailures() {
        return jdbc.sql("SELECT DISTINCT client_id FROM patch_install_attempt WHERE NOT handled")
                .query((rs, n) -> new ClientId(rs.getObject(1, UUID.class))).list();
    }

    /**
     * The client's failures not acted on, locked until the transaction ends; rows another node's sweep holds are
     * skipped (it acts on them), so no failure is acted on twice.
     */
    public List<InstallAttempts.Attempt> lockUnhandled(ClientId client) {
        return jdbc.sql("""
                        SELECT * FROM patch_install_attempt WHERE client_id = ? AND NOT handled
                        ORDER BY device_id, name FOR UPDATE SKIP LOCKED""")
                .param(client.value()).query(AttemptRepository::attempt).list();
    }

    /** The failure waits for its retry until {@code at}. */
    public void waiting(DeviceId device, String name, String version, Instant at) {
        jdbc.sql("UPDATE patch_install_attempt SET next_at = ? WHERE device_id = ? AND name = ? AND version = ?")
                .params(Timestamp.from(at), device.value(), name, version).update();
    }

    /** The failure was acted on: {@code state} RETRYING (with the task), OFFERED or GAVE_UP (with the incident). */
    public void acted(DeviceId device, String name, String version, String state, UUID retryTaskId, UUID incidentId, Instant at) {
        jdbc.sql("""
                        UPDATE patch_install_attempt SET state = ?, handled = true, next_at = NULL,
                            retries = retries + CASE WHEN ? = 'RETRYING' THEN 1 ELSE 0 END,
                            retry_task_id = COALESCE(?, retry_task_id), incident_id = COALESCE(?, incident_id), updated_at = ?
                        WHERE device_id = ? AND name = ? AND version = ?""")
                .params(state, state, retryTaskId, incidentId, Timestamp.from(at), device.value(), name, version).update();
    }

    /**
     * Steward's retry could not start (no standard change, the signer refused): it used its retry and counts as failed,
     * waiting for the sweep again; {@code taskId} the refused task if one was stored.
     */
    public void couldNotStart(DeviceId device, String name, String version, UUID taskId, String reason, Instant at) {
        jdbc.sql("""
                        UPDATE patch_install_attempt SET failures = failures + 1, retries = retries + 1,
                            task_ids = CASE WHEN CAST(? AS uuid) IS NULL THEN task_ids ELSE task_ids || CAST(? AS uuid) END,
                            last_reason = ?, last_failed_at = ?, state = 'FAILED', handled = false, next_at = NULL, updated_at = ?
                        WHERE device_id = ? AND name = ? AND version = ?""")
                .params(taskId, taskId, limit(reason), Timestamp.from(at), Timestamp.from(at), device.value(), name, version).update();
    }

    /** The device's attempts in the caller's scope, by package. */
    public List<InstallAttempts.Attempt> ofDevice(DeviceId device) {
        return jdbc.sql("SELECT * FROM patch_install_attempt WHERE device_id = ? ORDER BY name, version").param(device.value())
                .query(AttemptRepository::attempt).list();
    }

    /** The client's retries offered to people (optionally all clients in scope), by device and package. */
    public List<InstallAttempts.Attempt> offered(ClientId client) {
        return jdbc.sql("SELECT * FROM patch_install_attempt WHERE state = 'OFFERED' AND (CAST(? AS uuid) IS NULL OR client_id = ?)"
                        + " ORDER BY client_id, device_id, name")
                .params(client == null ? null : client.value(), client == null ? null : client.value()).query(AttemptRepository::attempt).list();
    }

    /** The device's incident for failed installs, if one was opened. */
    public Optional<UUID> incident(DeviceId device) {
        return jdbc.sql("SELECT ticket_id FROM patch_install_incident WHERE device_id = ?").param(device.value()).query(UUID.class).optional();
    }

    public void incidentOpened(ClientId client, DeviceId device, UUID ticketId, Instant at) {
        jdbc.sql("""
                        INSERT INTO patch_install_incident (device_id, client_id, ticket_id, opened_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (device_id) DO UPDATE SET ticket_id = excluded.ticket_id, opened_at = excluded.opened_at""")
                .params(device.value(), client.value(), ticketId, Timestamp.from(at)).update();
    }

    private static InstallAttempts.Attempt attempt(ResultSet rs, int n) throws SQLException {
        Array tasks = rs.getArray("task_ids");
        Timestamp next = rs.getTimestamp("next_at");
        return new InstallAttempts.Attempt(new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("name"), rs.getString("version"), rs.getString("scope"), rs.getBoolean("automatic"), rs.getInt("failures"),
                rs.getInt("retries"), Arrays.asList((UUID[]) tasks.getArray()), rs.getString("last_reason"), rs.getTimestamp("last_failed_at").toInstant(),
                rs.getString("state"), rs.getBoolean("handled"), next == null ? null : next.toInstant(), rs.getObject("retry_task_id", UUID.class),
                rs.getObject("incident_id", UUID.class));
    }

    private static String limit(String s) {
        return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500);
    }
}
