package io.steward.server.security.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.security.CheckEpisodes;
import io.steward.server.security.SecurityViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The latest result per device and check (security_result) and the failing episodes (security_episode). */
@Repository
public class ResultRepository {
    private final JdbcClient jdbc;

    ResultRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A check's stored state on a device with its open episode's id and incident. */
    record Stored(CheckEpisodes.State state, UUID openEpisodeId, UUID incidentId) {
    }

    /** Each check's state on the device, locked (FOR UPDATE) so that two deliveries of one device apply in order. */
    Map<String, Stored> lockStates(DeviceId device) {
        Map<String, Stored> out = new java.util.HashMap<>();
        jdbc.sql("SELECT check_id, status, evaluated_at, last_pass_at FROM security_result WHERE device_id = ? FOR UPDATE")
                .param(device.value()).query((rs, n) -> {
                    out.put(rs.getString("check_id"), new Stored(new CheckEpisodes.State(rs.getString("status"), instant(rs, "evaluated_at"),
                            instant(rs, "last_pass_at"), null), null, null));
                    return null;
                }).list();
        jdbc.sql("SELECT id, check_id, began_at, began_from, detected_at, incident_id FROM security_episode WHERE device_id = ? AND fixed_at IS NULL")
                .param(device.value()).query((rs, n) -> {
                    String check = rs.getString("check_id");
                    Stored s = out.get(check);
                    CheckEpisodes.Open open = new CheckEpisodes.Open(instant(rs, "began_at"), CheckEpisodes.BeganFrom.ofCode(rs.getString("began_from")),
                            instant(rs, "detected_at"));
                    if (s != null) {
                        out.put(check, new Stored(new CheckEpisodes.State(s.state().status(), s.state().evaluatedAt(), s.state().lastPassAt(), open),
                                rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class)));
                    }
                    return null;
                }).list();
        return out;
    }

    void saveResult(DeviceId device, ClientId client, String check, CheckEpisodes.State state, String evidence, Instant observedAt, Instant received,
                    long seq) {
        jdbc.sql("""
                INSERT INTO security_result (device_id, client_id, check_id, status, evidence, observed_at, evaluated_at, received_at, last_pass_at, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (device_id, check_id) DO UPDATE SET status = excluded.status, evidence = excluded.evidence,
                    observed_at = excluded.observed_at, evaluated_at = excluded.evaluated_at, received_at = excluded.received_at,
                    last_pass_at = excluded.last_pass_at, seq = excluded.seq""")
                .params(device.value(), client.value(), check, state.status(), evidence, ts(observedAt), ts(state.evaluatedAt()), ts(received),
                        ts(state.lastPassAt()), seq).update();
    }

    UUID openEpisode(DeviceId device, ClientId client, String check, CheckEpisodes.Open open, String evidence) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO security_episode (id, device_id, client_id, check_id, began_at, began_from, detected_at, evidence, last_evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, device.value(), client.value(), check, ts(open.beganAt()), open.beganFrom().code(), ts(open.detectedAt()), evidence, evidence)
                .update();
        return id;
    }

    void stillFailing(UUID episode, String evidence) {
        jdbc.sql("UPDATE security_episode SET last_evidence = ? WHERE id = ?").params(evidence, episode).update();
    }

    void closeEpisode(UUID episode, Instant fixedAt, String evidence) {
        jdbc.sql("UPDATE security_episode SET fixed_at = ?, fixed_evidence = ? WHERE id = ? AND fixed_at IS NULL").params(ts(fixedAt), evidence, episode)
                .update();
    }

    void incidentOpened(UUID episode, UUID ticket) {
        jdbc.sql("UPDATE security_episode SET incident_id = ? WHERE id = ?").params(ticket, episode).update();
    }

    // ---- reads (tenant-scoped in the application as well as by row-level security)

    public List<SecurityViews.Result> results(TenantScope scope, ClientId client, DeviceId device) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        String sql = "SELECT * FROM security_result WHERE " + TenantScope.sqlCondition("client_id");
        if (client != null) {
            sql += " AND client_id = ?";
            params.add(client.value());
        }
        if (device != null) {
            sql += " AND device_id = ?";
            params.add(device.value());
        }
        return jdbc.sql(sql + " ORDER BY device_id, check_id").params(params).query(ResultRepository::result).list();
    }

    /** A device's latest status of a check, without its evidence (the client's matrix). */
    public record Status(UUID deviceId, String check, String status) {
    }

    /** The latest status of each check on each device of the client. */
    public List<Status> statuses(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT device_id, check_id, status FROM security_result WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ?")
                .params(params).query((rs, n) -> new Status(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
    }

    /**
     * One check over the client's devices' latest results evaluated by then: devices reporting it, those with a pass or
     * fail (not unknown), those passing, the oldest evaluation, and the devices not passing ("id status", by device id,
     * comma-separated; null when all pass).
     */
    record CheckTally(String check, int reporting, int known, int passing, Instant oldest, String notPassing) {
    }

    /** Per check, counted in the database: the client's results are 9 rows per device, and only these figures are needed. */
    List<CheckTally> tallies(TenantScope scope, ClientId client, Instant asOf) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        params.add(ts(asOf));
        return jdbc.sql("SELECT check_id, count(*), count(*) FILTER (WHERE status <> 'unknown'), count(*) FILTER (WHERE status = 'pass'), "
                        + "min(evaluated_at) AS oldest, string_agg(device_id || ' ' || status, ', ' ORDER BY device_id) FILTER (WHERE status <> 'pass') "
                        + "FROM security_result WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ? AND evaluated_at <= ? GROUP BY check_id")
                .params(params).query((rs, n) -> new CheckTally(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), instant(rs, "oldest"),
                        rs.getString(6))).list();
    }

    /** The times of the client's episodes detected in {@code [from, to)}: began, detected, fixed (null while open). */
    public List<Instant[]> episodeTimes(TenantScope scope, ClientId client, Instant from, Instant to) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        params.add(ts(from));
        params.add(ts(to));
        return jdbc.sql("SELECT began_at, detected_at, fixed_at FROM security_episode WHERE " + TenantScope.sqlCondition("client_id")
                        + " AND client_id = ? AND detected_at >= ? AND detected_at < ?")
                .params(params).query((rs, n) -> new Instant[] {instant(rs, "began_at"), instant(rs, "detected_at"), instant(rs, "fixed_at")}).list();
    }

    /** Episodes of a client (or one device): open only, or detected in {@code [from, to)}, or all up to {@code limit}, newest first. */
    public List<SecurityViews.Episode> episodes(TenantScope scope, ClientId client, DeviceId device, boolean openOnly, Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT e.*, d.hostname FROM security_episode e JOIN device d ON d.id = e.device_id WHERE ")
                .append(TenantScope.sqlCondition("e.client_id"));
        if (client != null) {
            sql.append(" AND e.client_id = ?");
            params.add(client.value());
        }
        if (device != null) {
            sql.append(" AND e.device_id = ?");
            params.add(device.value());
        }
        if (openOnly) {
            sql.append(" AND e.fixed_at IS NULL");
        }
        if (from != null) {
            sql.append(" AND e.detected_at >= ? AND e.detected_at < ?");
            params.add(ts(from));
            params.add(ts(to));
        }
        sql.append(" ORDER BY e.detected_at DESC, e.check_id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ResultRepository::episode).list();
    }

    /** Whether any result is stored at all (the demo seeds once). */
    public boolean any() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM security_result)").query(Boolean.class).single();
    }

    private static SecurityViews.Result result(ResultSet rs, int n) throws SQLException {
        return new SecurityViews.Result(rs.getObject("device_id", UUID.class), rs.getString("check_id"), rs.getString("status"), rs.getString("evidence"),
                instant(rs, "observed_at"), instant(rs, "evaluated_at"), instant(rs, "received_at"), instant(rs, "last_pass_at"));
    }

    private static SecurityViews.Episode episode(ResultSet rs, int n) throws SQLException {
        return new SecurityViews.Episode(rs.getObject("id", UUID.class), rs.getObject("device_id", UUID.class), rs.getString("hostname"),
                rs.getString("check_id"), instant(rs, "began_at"), rs.getString("began_from"), instant(rs, "detected_at"), instant(rs, "fixed_at"),
                rs.getString("evidence"), rs.getString("last_evidence"), rs.getString("fixed_evidence"), rs.getObject("incident_id", UUID.class));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
