package io.steward.server.devices.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.devices.AgentRelease;
import io.steward.server.shared.DeviceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The agent_release table (shared by all clients) and the agent version column of device. */
@Repository
public class AgentReleaseRepository {
    private static final String COLUMNS = "r.id, r.version, r.sha256, r.size_bytes, r.uploaded_by, r.uploaded_at, r.rollout_started_at, "
            + "r.pilot_group_ids, r.general_at, (SELECT count(*) FROM device d WHERE d.agent_version = r.version AND d.status <> 'RETIRED') AS on_version";

    private final JdbcClient jdbc;

    public AgentReleaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String version, String sha256, long size, String manifest, byte[] jar, String by, Instant at) {
        jdbc.sql("INSERT INTO agent_release (id, version, sha256, size_bytes, manifest, jar, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, version, sha256, size, manifest, jar, by, java.sql.Timestamp.from(at)).update();
    }

    public boolean versionExists(String version) {
        return jdbc.sql("SELECT count(*) FROM agent_release WHERE version = ?").param(version).query(Long.class).single() > 0;
    }

    /** Newest upload first. The device counts are over every client: this is an MSP admin's view. */
    public List<AgentRelease> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_release r ORDER BY r.uploaded_at DESC").query(AgentReleaseRepository::release).list();
    }

    public Optional<AgentRelease> get(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_release r WHERE r.id = ?").param(id).query(AgentReleaseRepository::release).optional();
    }

    public void startRollout(UUID id, List<UUID> pilotGroups, Instant startedAt, Instant generalAt) {
        jdbc.sql("UPDATE agent_release SET rollout_started_at = ?, pilot_group_ids = ?, general_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(startedAt), pilotGroups.toArray(UUID[]::new), java.sql.Timestamp.from(generalAt), id).update();
    }

    /** Releases whose rollout has started, with their rings: which the device gets is decided by the caller. */
    public List<Rollout> rollouts() {
        return jdbc.sql("SELECT version, manifest, pilot_group_ids, rollout_started_at, general_at FROM agent_release WHERE rollout_started_at IS NOT NULL")
                .query((rs, n) -> new Rollout(rs.getString(1), rs.getString(2), uuids(rs, 3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** A started rollout as the update check needs it. */
    public record Rollout(String version, String manifest, List<UUID> pilotGroups, Instant startedAt, Instant generalAt) {
    }

    public Optional<byte[]> jar(String version) {
        return jdbc.sql("SELECT jar FROM agent_release WHERE version = ? AND rollout_started_at IS NOT NULL").param(version).query(byte[].class).optional();
    }

    /** What the agent said it runs, shown per device (enrollment sets it first). */
    public void recordVersion(DeviceId device, String version) {
        jdbc.sql("UPDATE device SET agent_version = ? WHERE id = ? AND agent_version IS DISTINCT FROM ?").params(version, device.value(), version).update();
    }

    private static AgentRelease release(ResultSet rs, int n) throws SQLException {
        return new AgentRelease(rs.getObject("id", UUID.class), rs.getString("version"), rs.getString("sha256"), rs.getLong("size_bytes"),
                rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant(), instant(rs, "rollout_started_at"), uuids(rs, 8),
                instant(rs, "general_at"), rs.getLong("on_version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<UUID> uuids(ResultSet rs, int column) throws SQLException {
        java.sql.Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(UUID.class::cast).toList();
    }
}
