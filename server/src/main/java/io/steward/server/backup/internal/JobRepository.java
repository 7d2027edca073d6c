package io.steward.server.backup.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.backup.BackupViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The devices' backup reports, jobs and attempts (backup_report, backup_job, backup_attempt). */
@Repository
public class JobRepository {
    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A job row as stored. */
    public record JobRow(DeviceId deviceId, ClientId clientId, String name, String tool, String repository, Instant lastAttemptAt, String lastResult,
                         String lastError, Instant lastSuccessAt, Instant newestPointAt, int restorePoints, long sizeBytes, int scheduleHours,
                         int failuresInRow, Instant firstSeenAt, Instant reportedAt, boolean present) {
    }

    /** The stored report's time, locking the device's row so two reports of one device are stored one after the other. */
    Optional<Instant> lockReport(DeviceId device) {
        return jdbc.sql("SELECT reported_at FROM backup_report WHERE device_id = ? FOR UPDATE").param(device.value())
                .query((rs, n) -> instant(rs, "reported_at")).optional();
    }

    /** Locks the stored reports of the client's devices: a sweep judging the client waits for reports being stored, and they for it. */
    void lockClientReports(ClientId client) {
        jdbc.sql("SELECT device_id FROM backup_report WHERE client_id = ? ORDER BY device_id FOR UPDATE").param(client.value())
                .query((rs, n) -> rs.getObject(1)).list();
    }

    void saveReport(DeviceId device, ClientId client, long seq, Instant reportedAt, Instant receivedAt) {
        jdbc.sql("""
                INSERT INTO backup_report (device_id, client_id, seq, reported_at, received_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, reported_at = excluded.reported_at, received_at = excluded.received_at""")
                .params(device.value(), client.value(), seq, ts(reportedAt), ts(receivedAt)).update();
    }

    List<JobRow> ofDevice(DeviceId device) {
        return jdbc.sql("SELECT * FROM backup_job WHERE device_id = ? ORDER BY name").param(device.value()).query(JobRepository::job).list();
    }

    /** The jobs of clients in scope, optionally of one client. */
    public List<JobRow> inScope(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        String sql = "SELECT * FROM backup_job WHERE " + TenantScope.sqlCondition("client_id");
        if (client != null) {
            sql += " AND client_id = ?";
            params.add(client.value());
        }
        return jdbc.sql(sql + " ORDER BY client_id, device_id, name").params(params).query(JobRepository::job).list();
    }

    void upsert(JobRow j) {
        jdbc.sql("""
                INSERT INTO backup_job (device_id, client_id, name, tool, repository, last_attempt_at, last_result, last_error, last_success_at,
                                        newest_point_at, restore_points, size_bytes, schedule_hours, failures_in_row, first_seen_at, reported_at, present)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)
                ON CONFLICT (device_id, name) DO UPDATE SET tool = excluded.tool, repository = excluded.repository,
                    last_attempt_at = excluded.last_attempt_at, last_result = excluded.last_result, last_error = excluded.last_error,
                    last_success_at = excluded.last_success_at, newest_point_at = excluded.newest_point_at, restore_points = excluded.restore_points,
                    size_bytes = excluded.size_bytes, schedule_hours = excluded.schedule_hours, failures_in_row = excluded.failures_in_row,
                    reported_at = excluded.reported_at, present = true""")
                .params(j.deviceId().value(), j.clientId().value(), j.name(), j.tool(), j.repository(), ts(j.lastAttemptAt()), j.lastResult(),
                        j.lastError(), ts(j.lastSuccessAt()), ts(j.newestPointAt()), j.restorePoints(), j.sizeBytes(), j.scheduleHours(),
                        j.failuresInRow(), ts(j.firstSeenAt()), ts(j.reportedAt()))
                .update();
    }

    void markGone(DeviceId device, String name) {
        jdbc.sql("UPDATE backup_job SET present = false WHERE device_id = ? AND name = ?").params(device.value(), name).update();
    }

    /** Adds an attempt (once per attempt time) and keeps the newest {@code keep} of the job. */
    void addAttempt(JobRow j, Instant receivedAt, int keep) {
        jdbc.sql("""
                INSERT INTO backup_attempt (device_id, client_id, name, attempt_at, result, error, newest_point_at, size_bytes, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(j.deviceId().value(), j.clientId().value(), j.name(), ts(j.lastAttemptAt()), j.lastResult(), j.lastError(),
                        ts(j.newestPointAt()), j.sizeBytes(), ts(receivedAt)).update();
        jdbc.sql("""
                DELETE FROM backup_attempt WHERE device_id = ? AND name = ? AND attempt_at < (
                    SELECT min(attempt_at) FROM (SELECT attempt_at FROM backup_attempt WHERE device_id = ? AND name = ?
                                                 ORDER BY attempt_at DESC LIMIT ?) newest)""")
                .params(j.deviceId().value(), j.name(), j.deviceId().value(), j.name(), keep).update();
    }

    public List<BackupViews.Attempt> attempts(DeviceId device, String name, int limit) {
        return jdbc.sql("SELECT * FROM backup_attempt WHERE device_id = ? AND name = ? ORDER BY attempt_at DESC LIMIT ?")
                .params(device.value(), name, limit)
                .query((rs, n) -> new BackupViews.Attempt(instant(rs, "attempt_at"), rs.getString("result"), rs.getString("error"),
                        instant(rs, "newest_point_at"), rs.getLong("size_bytes"))).list();
    }

    /** Attempts of a client's jobs between two instants that did not succeed (the monthly report's failed jobs). */
    public List<FailedAttempt> failedBetween(ClientId client, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT device_id, name, count(*) AS n, max(attempt_at) AS last FROM backup_attempt
                        WHERE client_id = ? AND attempt_at >= ? AND attempt_at < ? AND result <> 'success' GROUP BY device_id, name
                        ORDER BY n DESC, name""")
                .params(client.value(), ts(from), ts(to))
                .query((rs, n) -> new FailedAttempt(new DeviceId(rs.getObject("device_id", UUID.class)), rs.getString("name"), rs.getLong("n"),
                        instant(rs, "last"))).list();
    }

    public record FailedAttempt(DeviceId deviceId, String name, long failures, Instant lastAt) {
    }

    /** Clients with jobs (the sweep's work list; system scope). */
    List<ClientId> clientsWithJobs() {
        return jdbc.sql("SELECT DISTINCT client_id FROM backup_job WHERE present").query((rs, n) -> new ClientId(rs.getObject(1, UUID.class))).list();
    }

    private static JobRow job(ResultSet rs, int n) throws SQLException {
        return new JobRow(new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("name"),
                rs.getString("tool"), rs.getString("repository"), instant(rs, "last_attempt_at"), rs.getString("last_result"), rs.getString("last_error"),
                instant(rs, "last_success_at"), instant(rs, "newest_point_at"), rs.getInt("restore_points"), rs.getLong("size_bytes"),
                rs.getInt("schedule_hours"), rs.getInt("failures_in_row"), instant(rs, "first_seen_at"), instant(rs, "reported_at"),
                rs.getBoolean("present"));
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
