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
            + "r.pilot_group_ids, r.general_at, (SELECT count(*) FROM device d WHERE d.agent_version = r.version AND d.status <> 'RETIRED') AS on_version, "
            + "r.stop_percent, r.stopped_at, r.stopped_reason, "
            + "(SELECT count(*) FROM agent_release_device o WHERE o.release_id = r.id) AS offered, "
            + "(SELECT count(*) FROM agent_release_device o WHERE o.release_id = r.id AND o.rolled_back_at IS NOT NULL) AS rolled_back";

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

    /** Starts or restarts a rollout; a stopped one goes on (its offers and rollbacks still count). */
    public void startRollout(UUID id, List<UUID> pilotGroups, Instant startedAt, Instant generalAt, int stopPercent) {
        jdbc.sql("UPDATE agent_release SET rollout_started_at = ?, pilot_group_ids = ?, general_at = ?, stop_percent = ?, stopped_at = NULL, "
                        + "stopped_reason = NULL WHERE id = ?")
                .params(java.sql.Timestamp.from(startedAt), pilotGroups.toArray(UUID[]::new), java.sql.Timestamp.from(generalAt), stopPercent, id).update();
    }

    /** Notes that the device was offered the release (once). */
    public void offered(String version, DeviceId device, Instant at) {
        jdbc.sql("""
                INSERT INTO agent_release_device (release_id, device_id, offered_at) SELECT id, ?, ? FROM agent_release WHERE version = ?
                ON CONFLICT DO NOTHING""").params(device.value(), java.sql.Timestamp.from(at), version).update();
    }

    /**
     * Notes the device's rollbacks of releases it was offered; the ids of the releases whose rollback is new. A version
     * the device was never offered (an agent can claim anything) counts for nothing.
     */
    public List<UUID> rolledBack(DeviceId device, List<String> versions, Instant at) {
        return jdbc.sql("""
                UPDATE agent_release_device o SET rolled_back_at = ? FROM agent_release r
                WHERE o.release_id = r.id AND o.device_id = ? AND o.rolled_back_at IS NULL AND r.version = ANY (?) RETURNING r.id""")
                .params(java.sql.Timestamp.from(at), device.value(), versions.toArray(String[]::new)).query(UUID.class).list();
    }

    /** The versions the device rolled back, as it once said. */
    public java.util.Set<String> rolledBackBy(DeviceId device) {
        return java.util.Set.copyOf(jdbc.sql("SELECT r.version FROM agent_release_device o JOIN agent_release r ON r.id = o.release_id "
                + "WHERE o.device_id = ? AND o.rolled_back_at IS NOT NULL").param(device.value()).query(String.class).list());
    }

    /** Stops the rollout if it is going; false if it was stopped already (or never started). */
    public boolean stop(UUID id, Instant at, String reason) {
        return jdbc.sql("UPDATE agent_release SET stopped_at = ?, stopped_reason = ? WHERE id = ? AND stopped_at IS NULL AND rollout_started_at IS NOT NULL")
                .params(java.sql.Timestamp.from(at), reason, id).update() == 1;
    }

    /** Releases whose rollout has started and was not stopped, with their rings: which the device gets is decided by the caller. */
    public List<Rollout> rollouts() {
        return jdbc.sql("SELECT version, manifest, pilot_group_ids, rollout_started_at, general_at FROM agent_release WHERE rollout_started_at IS NOT NULL AND stopped_at IS NULL")
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
                instant(rs, "general_at"), rs.getLong("on_version"), rs.getInt("stop_percent"), instant(rs, "stopped_at"), rs.getString("stopped_reason"),
                rs.getLong("offered"), rs.getLong("rolled_back"));
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
