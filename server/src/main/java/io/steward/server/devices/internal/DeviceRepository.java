package io.steward.server.devices.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.DeviceKeys;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService.Credentials;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The device table and the agent messages' sequence numbers. */
@Repository
public class DeviceRepository {
    private static final String IN_SCOPE = TenantScope.sqlCondition("d.client_id");
    /**
     * The columns {@link #device} reads, never {@code d.*}: the kept inventories (tens of kB of JSON per device, most of it
     * the software list) would be read and sent with every row, 0.34 s for a 1,000-device list instead of 6 ms.
     */
    private static final String WITH_CLIENT_NAME = "SELECT d.id, d.client_id, d.hostname, d.os, d.agent_version, d.status, d.criticality, d.flag, "
            + "d.key_fingerprint, d.enrolled_at, d.approved_at, d.approved_by, d.last_seen_at, d.inventory_at, d.site_id, d.tags, d.retired_at, "
            + "c.name AS client_name FROM device d JOIN client c ON c.id = d.client_id WHERE ";

    private final JdbcClient jdbc;

    DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A device as enrolment writes it; {@code approvedBy} null leaves it PENDING. */
    public record NewDevice(DeviceId id, ClientId clientId, UUID siteId, String hostname, String os, String agentVersion, String publicKey,
                            String fingerprint, String status, String flag, UUID enrolledVia, Instant enrolledAt, Instant approvedAt,
                            String approvedBy) {
    }

    public void insert(NewDevice d) {
        jdbc.sql("""
                INSERT INTO device (id, client_id, site_id, hostname, os, agent_version, public_key, key_fingerprint, status, flag,
                    enrolled_via, enrolled_at, approved_at, approved_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.id().value(), d.clientId().value(), d.siteId(), d.hostname(), d.os(), d.agentVersion(), d.publicKey(), d.fingerprint(),
                        d.status(), d.flag(), d.enrolledVia(), Timestamp.from(d.enrolledAt()),
                        d.approvedAt() == null ? null : Timestamp.from(d.approvedAt()), d.approvedBy())
                .update();
    }

    /** The host names of the devices enrolled with this key fingerprint. */
    public List<String> hostnamesWithKey(String fingerprint) {
        return jdbc.sql("SELECT hostname FROM device WHERE key_fingerprint = ?").param(fingerprint).query(String.class).list();
    }

    /** The device's key, client and status; in the caller's tenant scope. */
    public Optional<Credentials> credentials(DeviceId id) {
        return jdbc.sql("SELECT client_id, public_key, status FROM device WHERE id = ?").param(id.value())
                .query((rs, n) -> new Credentials(id, new ClientId(rs.getObject(1, UUID.class)), DeviceKeys.decodePublic(rs.getString(2)),
                        rs.getString(3)))
                .optional();
    }

    /** Stores (device, seq) once; false if it was stored before. */
    public boolean acceptSequence(AgentDevice device, String kind, Instant at) {
        return jdbc.sql("INSERT INTO agent_message (device_id, seq, client_id, kind, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(device.deviceId().value(), device.seq(), device.clientId().value(), kind, Timestamp.from(at)).update() == 1;
    }

    /** Keeps the inventory (JSON) and marks the device heard (never earlier than it was); {@code os} null keeps the stored OS. */
    public void storeInventory(DeviceId id, String inventoryJson, String os, Instant at) {
        jdbc.sql("UPDATE device SET inventory = CAST(? AS jsonb), inventory_at = ?, last_seen_at = greatest(last_seen_at, ?), os = coalesce(?, os) "
                        + "WHERE id = ?")
                .params(inventoryJson, Timestamp.from(at), Timestamp.from(at), os, id.value())
                .update();
    }

    /**
     * The device's status, its row locked against updates (an approval) until the transaction ends; null when
     * there is no such device. NO KEY UPDATE: the agent messages' foreign keys (KEY SHARE) do not wait for it.
     */
    public String lockStatus(DeviceId id) {
        return jdbc.sql("SELECT status FROM device WHERE id = ? FOR NO KEY UPDATE").param(id.value()).query(String.class).optional().orElse(null);
    }

    /** Keeps an inventory sent while the device waits for approval, unless a newer one (higher seq) is kept already. */
    public void keepPendingInventory(DeviceId id, String inventoryJson, long seq, Instant at) {
        jdbc.sql("UPDATE device SET pending_inventory = CAST(? AS jsonb), pending_inventory_seq = ?, pending_inventory_at = ? "
                        + "WHERE id = ? AND (pending_inventory_seq IS NULL OR pending_inventory_seq < ?)")
                .params(inventoryJson, seq, Timestamp.from(at), id.value(), seq).update();
    }

    /** An inventory kept while the device was pending. */
    public record PendingInventory(String inventoryJson, long seq, Instant receivedAt) {
    }

    /** The kept inventory, removed from the device; empty when none was kept. */
    public Optional<PendingInventory> takePendingInventory(DeviceId id) {
        Optional<PendingInventory> kept = jdbc.sql("SELECT pending_inventory::text, pending_inventory_seq, pending_inventory_at FROM device "
                        + "WHERE id = ? AND pending_inventory IS NOT NULL FOR NO KEY UPDATE").param(id.value())
                .query((rs, n) -> new PendingInventory(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant())).optional();
        kept.ifPresent(k -> jdbc.sql("UPDATE device SET pending_inventory = NULL, pending_inventory_seq = NULL, pending_inventory_at = NULL WHERE id = ?")
                .param(id.value()).update());
        return kept;
    }

    /** The stored inventory as JSON text, or null. */
    public String inventoryJson(DeviceId id) {
        return jdbc.sql("SELECT inventory::text FROM device WHERE id = ?").param(id.value()).query(String.class).optional().orElse(null);
    }

    /** How {@link #list} filters; null fields do not filter. {@code heardSince} goes with {@code state}. */
    public record Filter(ClientId client, String status, String state, Instant heardSince, String tag) {
    }

    /** Devices in scope matching the filter, pending first, by host name; at most 1000 (a page of the registry). */
    public List<Device> list(TenantScope scope, Filter f) {
        return list(scope, f, 1000);
    }

    /** As {@link #list(TenantScope, Filter)}, at most {@code limit}. */
    public List<Device> list(TenantScope scope, Filter f, int limit) {
        StringBuilder where = new StringBuilder(IN_SCOPE);
        List<Object> p = new ArrayList<>(scope.sqlParams());
        if (f.client() != null) {
            where.append(" AND d.client_id = ?");
            p.add(f.client().value());
        }
        if (f.status() != null) {
            where.append(" AND d.status = ?");
            p.add(f.status());
        }
        if (f.state() != null) {
            where.append("ONLINE".equals(f.state()) ? " AND d.status = 'APPROVED' AND d.last_seen_at >= ?"
                    : " AND d.status = 'APPROVED' AND (d.last_seen_at IS NULL OR d.last_seen_at < ?)");
            p.add(Timestamp.from(f.heardSince()));
        }
        if (f.tag() != null) {
            where.append(" AND ? = ANY (d.tags)");
            p.add(f.tag());
        }
        p.add(limit);
        return jdbc.sql(WITH_CLIENT_NAME + where + " ORDER BY d.status DESC, lower(d.hostname) LIMIT ?").params(p)
                .query(DeviceRepository::device).list();
    }

    public Optional<Device> inScope(TenantScope scope, DeviceId id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id.value());
        return jdbc.sql(WITH_CLIENT_NAME + IN_SCOPE + " AND d.id = ?").params(p).query(DeviceRepository::device).optional();
    }

    /** Sets the status; approval records when and by whom, and the retirement date lives exactly as long as RETIRED. */
    public void setStatus(DeviceId id, String status, Instant at, String by) {
        Timestamp now = Timestamp.from(at);
        jdbc.sql("UPDATE device SET status = ?, approved_at = CASE WHEN ? = 'APPROVED' THEN ? ELSE approved_at END, "
                        + "approved_by = CASE WHEN ? = 'APPROVED' THEN ? ELSE approved_by END, "
                        + "retired_at = CASE WHEN ? = 'RETIRED' THEN CAST(? AS timestamptz) END WHERE id = ?")
                .params(status, status, now, status, by, status, now, id.value()).update();
    }

    public void setCriticality(DeviceId id, String criticality) {
        jdbc.sql("UPDATE device SET criticality = ? WHERE id = ?").params(criticality, id.value()).update();
    }

    /** Tags must be valid already (see the facade): they are written as an array literal. */
    public void setTags(DeviceId id, List<String> tags) {
        jdbc.sql("UPDATE device SET tags = CAST(? AS text[]) WHERE id = ?").params(arrayLiteral(tags), id.value()).update();
    }

    public boolean belongsTo(UUID device, ClientId client) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM device WHERE id = ? AND client_id = ?)").params(device, client.value())
                .query(Boolean.class).single();
    }

    /** A device's facts as group rules see them, and whether it is retired. */
    public record Facts(UUID id, ClientId client, UUID site, String hostname, String os, String criticality, Set<String> tags, boolean retired) {
    }

    public Optional<Facts> facts(DeviceId id) {
        return jdbc.sql("SELECT client_id, site_id, hostname, os, criticality, tags, status FROM device WHERE id = ?").param(id.value())
                .query((rs, n) -> new Facts(id.value(), new ClientId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), Set.copyOf(tags(rs, "tags")), "RETIRED".equals(rs.getString(7))))
                .optional();
    }

    /** The facts of those of {@code ids} that exist (in the caller's scope), in no particular order. */
    public List<Facts> facts(java.util.Collection<DeviceId> ids) {
        return jdbc.sql("SELECT id, client_id, site_id, hostname, os, criticality, tags, status FROM device WHERE id = ANY(CAST(? AS uuid[]))")
                .param(ids.stream().map(d -> d.value().toString()).toArray(String[]::new))
                .query((rs, n) -> new Facts(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), Set.copyOf(tags(rs, "tags")), "RETIRED".equals(rs.getString(8))))
                .list();
    }

    /** The client's devices that are not retired, as group rules see them. */
    public List<Facts> fleet(ClientId client) {
        return jdbc.sql("SELECT id, site_id, os, tags FROM device WHERE client_id = ? AND status <> 'RETIRED'").param(client.value())
                .query((rs, n) -> new Facts(rs.getObject(1, UUID.class), client, rs.getObject(2, UUID.class), null, rs.getString(3), null,
                        Set.copyOf(tags(rs, "tags")), false))
                .list();
    }

    /** A PostgreSQL array literal; safe only for tags that were validated (no quote, comma or brace). */
    static String arrayLiteral(List<String> tags) {
        return "{" + String.join(",", tags) + "}";
    }

    static List<String> tags(ResultSet rs, String col) throws SQLException {
        java.sql.Array a = rs.getArray(col);
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    static Instant ts(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static Device device(ResultSet rs, int n) throws SQLException {
        return new Device(new DeviceId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("client_name"), rs.getString("hostname"), rs.getString("os"), rs.getString("agent_version"), rs.getString("status"),
                rs.getString("criticality"), rs.getString("flag"), rs.getString("key_fingerprint"), ts(rs, "enrolled_at"), ts(rs, "approved_at"),
                rs.getString("approved_by"), ts(rs, "last_seen_at"), ts(rs, "inventory_at"), rs.getObject("site_id", UUID.class), tags(rs, "tags"),
                ts(rs, "retired_at"));
    }
}
