package io.steward.server.backup.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.backup.RestoreTest;
import io.steward.server.backup.BackupViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.backup.internal.JobRepository.instant;
import static io.steward.server.backup.internal.JobRepository.ts;

/** Restore tests and why a client's last pass ran none (backup_restore_test, backup_restore_status). */
@Repository
public class RestoreRepository {
    private final JdbcClient jdbc;

    RestoreRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the job has its test of the period already (prepared, whatever came of it). */
    boolean exists(DeviceId device, String name, LocalDate periodStart) {
        return jdbc.sql("SELECT count(*) FROM backup_restore_test WHERE device_id = ? AND name = ? AND period_start = ?")
                .params(device.value(), name, Date.valueOf(periodStart)).query(Long.class).single() > 0;
    }

    /** Records a prepared test; false when the period's test of the job exists already (another pass got there first). */
    boolean prepared(UUID id, DeviceId device, ClientId client, String name, LocalDate periodStart, UUID taskId, int sample, int rtoMinutes, Instant at) {
        return jdbc.sql("""
                INSERT INTO backup_restore_test (id, device_id, client_id, name, period_start, task_id, state, sample, rto_minutes, prepared_at)
                VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?) ON CONFLICT (device_id, name, period_start) DO NOTHING""")
                .params(id, device.value(), client.value(), name, Date.valueOf(periodStart), taskId, sample, rtoMinutes, ts(at)).update() == 1;
    }

    void task(UUID id, UUID taskId) {
        jdbc.sql("UPDATE backup_restore_test SET task_id = ? WHERE id = ?").params(taskId, id).update();
    }

    /** The running test of a task, locked. */
    Optional<UUID> lockRunning(UUID taskId, DeviceId device) {
        return jdbc.sql("SELECT id FROM backup_restore_test WHERE task_id = ? AND device_id = ? AND state = 'RUNNING' FOR UPDATE")
                .params(taskId, device.value()).query(UUID.class).optional();
    }

    Optional<String> jobOf(UUID id) {
        return jdbc.sql("SELECT name FROM backup_restore_test WHERE id = ?").param(id).query(String.class).optional();
    }

    void finished(UUID id, RestoreTest.Result r, Instant at) {
        jdbc.sql("""
                UPDATE backup_restore_test SET state = ?, finished_at = ?, point_at = ?, files = ?, bytes = ?, millis = ?, verified = ?, failed = ?
                WHERE id = ?""")
                .params(r.passed() ? "PASSED" : "FAILED", ts(at), ts(Instant.ofEpochMilli(r.pointAt())), r.files(), r.bytes(), r.millis(), r.verified(),
                        r.failed(), id).update();
    }

    void noResult(UUID id, Instant at) {
        jdbc.sql("UPDATE backup_restore_test SET state = 'NO_RESULT', finished_at = ? WHERE id = ?").params(ts(at), id).update();
    }

    /** Tests of clients in scope prepared in [from, to), optionally of one client and device, the newest first. */
    public List<BackupViews.RestoreTest> list(TenantScope scope, ClientId client, DeviceId device, Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT t.*, d.hostname FROM backup_restore_test t JOIN device d ON d.id = t.device_id WHERE ")
                .append(TenantScope.sqlCondition("t.client_id"));
        if (client != null) {
            sql.append(" AND t.client_id = ?");
            params.add(client.value());
        }
        if (device != null) {
            sql.append(" AND t.device_id = ?");
            params.add(device.value());
        }
        if (from != null) {
            sql.append(" AND t.prepared_at >= ?");
            params.add(ts(from));
        }
        if (to != null) {
            sql.append(" AND t.prepared_at < ?");
            params.add(ts(to));
        }
        sql.append(" ORDER BY t.prepared_at DESC, d.hostname, t.name LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(RestoreRepository::test).list();
    }

    void status(ClientId client, String problem, Instant at) {
        jdbc.sql("""
                INSERT INTO backup_restore_status (client_id, checked_at, problem) VALUES (?, ?, ?)
                ON CONFLICT (client_id) DO UPDATE SET checked_at = excluded.checked_at, problem = excluded.problem""")
                .params(client.value(), ts(at), problem).update();
    }

    /** Why the client's last pass ran nothing (null problem: it ran what was due), and when; empty before the first pass. */
    public Optional<Status> status(ClientId client) {
        return jdbc.sql("SELECT checked_at, problem FROM backup_restore_status WHERE client_id = ?").param(client.value())
                .query((rs, n) -> new Status(instant(rs, "checked_at"), rs.getString("problem"))).optional();
    }

    public record Status(Instant checkedAt, String problem) {
    }

    private static BackupViews.RestoreTest test(ResultSet rs, int n) throws SQLException {
        Long millis = (Long) rs.getObject("millis");
        int rto = rs.getInt("rto_minutes");
        return new BackupViews.RestoreTest(rs.getObject("id", UUID.class), new DeviceId(rs.getObject("device_id", UUID.class)), rs.getString("hostname"),
                rs.getString("name"), rs.getDate("period_start").toLocalDate(), rs.getString("state"), rs.getObject("task_id", UUID.class),
                rs.getInt("sample"), rto, instant(rs, "prepared_at"), instant(rs, "finished_at"), instant(rs, "point_at"), (Integer) rs.getObject("files"),
                (Long) rs.getObject("bytes"), millis, (Integer) rs.getObject("verified"), (Integer) rs.getObject("failed"),
                millis == null ? null : millis <= rto * 60_000L);
    }
}
