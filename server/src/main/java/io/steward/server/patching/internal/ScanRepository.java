package io.steward.server.patching.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.patching.PatchViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The devices' scans, their available updates and patch history (patch_scan, patch_update, patch_history). */
@Repository
public class ScanRepository {
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ScanRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An update as stored, with the device and client it belongs to. */
    public record UpdateRow(DeviceId deviceId, ClientId clientId, String name, String arch, String installedVersion, String candidateVersion,
                            String origin, String security, String severity, List<String> cves, boolean held, Instant firstSeenAt) {
    }

    public record ScanRow(DeviceId deviceId, ClientId clientId, long seq, PatchViews.Scan scan) {
    }

    /**
     * A device's scan with the figures of its updates, from what V125 keeps on the scan row: how many updates, how many
     * security ones, how many of those were first seen before the client's overdue cutoff, and the oldest one's
     * first-seen instant (null without security updates).
     */
    public record ScanFigures(ScanRow row, int updates, int security, int overdue, Instant oldestSecurity) {
    }

    /** An approved device as the patch views name it. */
    public record ApprovedDevice(DeviceId id, ClientId clientId, String clientName, String hostname, UUID siteId) {
    }

    public record HistoryRow(DeviceId deviceId, ClientId clientId, Instant at, String event, String name, String arch, String fromVersion,
                             String toVersion, String security, String detail) {
    }

    /** The device's scan row, locked until the transaction ends (two scans of one device are stored one after the other). */
    public Optional<ScanRow> lockScan(DeviceId device) {
        return jdbc.sql("SELECT * FROM patch_scan WHERE device_id = ? FOR UPDATE").param(device.value()).query(ScanRepository::scanRow).optional();
    }

    public void saveScan(DeviceId device, ClientId client, long seq, Instant receivedAt, PatchViews.Scan s) {
        jdbc.sql("""
                        INSERT INTO patch_scan (device_id, client_id, seq, scanned_at, received_at, manager, reboot_required, reboot_packages,
                                                metadata_refreshed_at, wall_millis, cpu_millis, max_rss_kib, error, last_good_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, scanned_at = excluded.scanned_at,
                            received_at = excluded.received_at, manager = excluded.manager, reboot_required = excluded.reboot_required,
                            reboot_packages = excluded.reboot_packages, metadata_refreshed_at = excluded.metadata_refreshed_at,
                            wall_millis = excluded.wall_millis, cpu_millis = excluded.cpu_millis, max_rss_kib = excluded.max_rss_kib,
                            error = excluded.error, last_good_at = coalesce(excluded.last_good_at, patch_scan.last_good_at)""")
                .params(device.value(), client.value(), seq, ts(s.scannedAt()), ts(receivedAt), s.manager(), s.rebootRequired(),
                        s.rebootPackages().toArray(String[]::new), ts(s.metadataRefreshedAt()), s.wallMillis(), s.cpuMillis(), s.maxRssKib(),
                        s.error(), ts(s.lastGoodAt()))
                .update();
    }

    public List<UpdateRow> updates(DeviceId device) {
        return jdbc.sql("SELECT * FROM patch_update WHERE device_id = ? ORDER BY name, arch").param(device.value()).query(ScanRepository::updateRow).list();
    }

    /** Replaces the device's updates with these (their first-seen instants decided by the caller). */
    public void replaceUpdates(DeviceId device, List<UpdateRow> rows) {
        jdbc.sql("DELETE FROM patch_update WHERE device_id = ?").param(device.value()).update();
        batch.batchUpdate("""
                        INSERT INTO patch_update (device_id, client_id, name, arch, installed_version, candidate_version, origin, security, severity,
                                                  cves, held, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows.stream().map(r -> new Object[]{r.deviceId().value(), r.clientId().value(), r.name(), r.arch(), r.installedVersion(),
                        r.candidateVersion(), r.origin(), r.security(), r.severity(), r.cves().toArray(String[]::new), r.held(),
                        ts(r.firstSeenAt())}).toList());
        // The CVE ids of the rows just written, where the exposure questions look them up (V125).
        jdbc.sql("INSERT INTO patch_update_cve (device_id, client_id, name, arch, cve, first_seen_at) "
                + "SELECT DISTINCT device_id, client_id, name, arch, unnest(cves), first_seen_at FROM patch_update WHERE device_id = ?")
                .param(device.value()).update();
        // The figures the compliance views read, from the rows just written (an UPDATE of rows refreshes them by trigger).
        jdbc.sql("""
                        UPDATE patch_scan SET update_count = c.n, security_first_seen = c.f
                        FROM (SELECT count(*)::integer AS n, coalesce(array_agg(first_seen_at ORDER BY first_seen_at) FILTER (WHERE security = 'yes'),
                                                                '{}') AS f
                              FROM patch_update WHERE device_id = ?) c
                        WHERE device_id = ?""").params(device.value(), device.value()).update();
    }

    /** Appends history and keeps the newest {@code keep} entries of the device. */
    public void addHistory(DeviceId device, List<HistoryRow> rows, int keep) {
        if (rows.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                        INSERT INTO patch_history (id, device_id, client_id, at, event, name, arch, from_version, to_version, security, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows.stream().map(r -> new Object[]{UUID.randomUUID(), r.deviceId().value(), r.clientId().value(), ts(r.at()), r.event(), r.name(),
                        r.arch(), r.fromVersion(), r.toVersion(), r.security(), r.detail()}).toList());
        jdbc.sql("""
                        DELETE FROM patch_history WHERE id IN (SELECT id FROM patch_history WHERE device_id = ?
                                                               ORDER BY at DESC, id OFFSET ?)""")
                .params(device.value(), keep).update();
    }

    public List<PatchViews.HistoryEntry> history(DeviceId device, int limit) {
        return jdbc.sql("SELECT * FROM patch_history WHERE device_id = ? ORDER BY at DESC, event, name LIMIT ?").params(device.value(), limit)
                .query((rs, n) -> new PatchViews.HistoryEntry(rs.getObject("id", UUID.class), instant(rs, "at"), rs.getString("event"),
                        rs.getString("name"), rs.getString("arch"), rs.getString("from_version"), rs.getString("to_version"), rs.getString("security"),
                        rs.getString("detail")))
                .list();
    }

    public Optional<ScanRow> scan(DeviceId device) {
        return jdbc.sql("SELECT * FROM patch_scan WHERE device_id = ?").param(device.value()).query(ScanRepository::scanRow).optional();
    }

    /** Every scan in scope, optionally of one client. */
    public List<ScanRow> scans(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        String sql = "SELECT * FROM patch_scan WHERE " + TenantScope.sqlCondition("client_id");
        if (client != null) {
            sql += " AND client_id = ?";
            params.add(client.value());
        }
        return jdbc.sql(sql).params(params).query(ScanRepository::scanRow).list();
    }

    /**
     * Every approved device in scope, optionally of one client and only those of {@code ids}. Read here rather than
     * through the device registry's list, which stops at 1,000 devices (a page of the registry): compliance and
     * exposure count every device of the fleet.
     */
    public List<ApprovedDevice> approvedDevices(TenantScope scope, ClientId client, List<DeviceId> ids) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT d.id, d.client_id, c.name AS client_name, d.hostname, d.site_id FROM device d JOIN client c ON c.id = d.client_id "
                + "WHERE d.status = 'APPROVED' AND " + TenantScope.sqlCondition("d.client_id"));
        if (client != null) {
            sql.append(" AND d.client_id = ?");
            params.add(client.value());
        }
        if (ids != null) {
            sql.append(" AND d.id = ANY(?)");
            params.add(ids.stream().map(DeviceId::value).toArray(UUID[]::new));
        }
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new ApprovedDevice(new DeviceId(rs.getObject("id", UUID.class)),
                new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("client_name"), rs.getString("hostname"),
                rs.getObject("site_id", UUID.class))).list();
    }

    /**
     * Every scan in scope (optionally of one client) with its figures. A security update counts as overdue when it was
     * first seen before its device's cutoff in {@code deviceOverdueBefore} (a site or group with its own deadline), else its
     * client's in {@code overdueBefore} (none given: not overdue); the counting happens in
     * the database on the kept first-seen instants, so only a few numbers per device travel. The instants are stored
     * oldest first (every writer sorts them), so the oldest is the first and the count before the cutoff is a binary
     * search: {@code width_bucket(x, sorted)} is the number of elements {@code <= x}, and elements {@code < cutoff} are
     * those {@code <= cutoff - 1 µs} at PostgreSQL's microsecond precision. (Counting over {@code unnest} per device
     * took 276 ms for 10,000 devices, this 48 ms; the instants themselves stay in the database: sending them as text took
     * 130 ms more.)
     */
    public List<ScanFigures> figures(TenantScope scope, ClientId client, Map<ClientId, Instant> overdueBefore, Map<DeviceId, Instant> deviceOverdueBefore) {
        List<Object> params = new ArrayList<>(cutoffParams(overdueBefore, deviceOverdueBefore));
        params.addAll(scope.sqlParams());
        String sql = """
                SELECT s.device_id, s.client_id, s.seq, s.scanned_at, s.received_at, s.manager, s.reboot_required, s.reboot_packages,
                       s.metadata_refreshed_at, s.wall_millis, s.cpu_millis, s.max_rss_kib, s.error, s.last_good_at, s.update_count,
                       cardinality(s.security_first_seen) AS security_count, s.security_first_seen[1] AS oldest_security,
                       CASE WHEN cardinality(s.security_first_seen) = 0 OR coalesce(dv.before, c.before) IS NULL THEN 0
                            ELSE width_bucket(coalesce(dv.before, c.before) - interval '1 microsecond', s.security_first_seen) END AS overdue_count
                FROM patch_scan s LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS c(client_id, before) ON c.client_id = s.client_id
                LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS dv(device_id, before) ON dv.device_id = s.device_id
                WHERE """ + TenantScope.sqlCondition("s.client_id");
        if (client != null) {
            sql += " AND s.client_id = ?";
            params.add(client.value());
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> new ScanFigures(scanRow(rs, n), rs.getInt("update_count"), rs.getInt("security_count"),
                rs.getInt("overdue_count"), instant(rs, "oldest_security"))).list();
    }

    /** The four array parameters of the cutoff joins: client ids and their cutoffs, device ids and theirs. */
    static List<Object> cutoffParams(Map<ClientId, Instant> overdueBefore, Map<DeviceId, Instant> deviceOverdueBefore) {
        // Keys and values of one map are iterated in the same order, so the arrays pair up.
        return List.of(overdueBefore.keySet().stream().map(c -> c.value().toString()).collect(Collectors.joining(",", "{", "}")),
                overdueBefore.values().stream().map(ScanRepository::wholeMicrosUp).collect(Collectors.joining(",", "{", "}")),
                deviceOverdueBefore.keySet().stream().map(d -> d.value().toString()).collect(Collectors.joining(",", "{", "}")),
                deviceOverdueBefore.values().stream().map(ScanRepository::wholeMicrosUp).collect(Collectors.joining(",", "{", "}")));
    }

    /**
     * The instant as a timestamptz literal, rounded up to whole microseconds (PostgreSQL's precision): stored instants
     * are whole microseconds, so {@code stored < rounded-up cutoff} is exactly {@code stored < cutoff}.
     */
    static String wholeMicrosUp(Instant cutoff) {
        return "\"" + DateTimeFormatter.ISO_INSTANT.format(microsUp(cutoff)) + "\"";
    }

    /** The instant rounded up to whole microseconds (see {@link #wholeMicrosUp}). */
    static Instant microsUp(Instant cutoff) {
        Instant micros = cutoff.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(cutoff) ? micros : micros.plus(1, ChronoUnit.MICROS);
    }

    /** Every update in scope, optionally of one client. */
    public List<UpdateRow> updates(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT * FROM patch_update WHERE " + TenantScope.sqlCondition("client_id"));
        if (client != null) {
            sql.append(" AND client_id = ?");
            params.add(client.value());
        }
        return jdbc.sql(sql.append(" ORDER BY client_id, name, arch, device_id").toString()).params(params).query(ScanRepository::updateRow).list();
    }

    private static ScanRow scanRow(ResultSet rs, int n) throws SQLException {
        return new ScanRow(new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)), rs.getLong("seq"),
                new PatchViews.Scan(instant(rs, "scanned_at"), instant(rs, "received_at"), rs.getString("manager"), rs.getBoolean("reboot_required"),
                        strings(rs.getArray("reboot_packages")), instant(rs, "metadata_refreshed_at"), rs.getLong("wall_millis"),
                        rs.getLong("cpu_millis"), rs.getLong("max_rss_kib"), rs.getString("error"), instant(rs, "last_good_at")));
    }

    static UpdateRow updateRow(ResultSet rs, int n) throws SQLException {
        return new UpdateRow(new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("name"), rs.getString("arch"), rs.getString("installed_version"), rs.getString("candidate_version"),
                rs.getString("origin"), rs.getString("security"), rs.getString("severity"), strings(rs.getArray("cves")), rs.getBoolean("held"),
                instant(rs, "first_seen_at"));
    }

    static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
