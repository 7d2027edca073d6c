package io.steward.server.patching.internal;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Exposure to a CVE, counted and paged in the database: a CVE in a common package can be on nearly every one of 10,000
 * devices, so its answer is never carried into Java whole.
 */
@Repository
public class FleetQueries {
    private final JdbcClient jdbc;

    FleetQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A device with an update fixing the CVE, exposed since the oldest such update was first seen. */
    public record ExposedDevice(DeviceId deviceId, ClientId clientId, String clientName, String hostname, Instant exposedSince) {
    }

    /** How many of a client's devices are exposed, and since when the longest. */
    public record ExposedClient(ClientId clientId, String clientName, int devices, Instant exposedSince) {
    }

    /** Everything exposure to a CVE needs from one reading: per client, one page of the devices, and how many in all. */
    public record Exposed(List<ExposedClient> clients, List<ExposedDevice> devices, long total) {
    }

    /**
     * The approved devices in scope with an update fixing {@code cve}: per client (the longest exposed client first),
     * and {@code limit} devices from {@code offset}, the longest exposed first.
     */
    public Exposed exposed(TenantScope scope, String cve, int limit, long offset) {
        List<Object> params = new ArrayList<>();
        params.add(cve);
        params.addAll(scope.sqlParams());
        params.addAll(scope.sqlParams());
        params.add(limit);
        params.add(offset);
        List<ExposedClient> clients = new ArrayList<>();
        List<ExposedDevice> devices = new ArrayList<>();
        // One statement, so the exposed devices are found once (the CTE is read by both parts).
        jdbc.sql("""
                        WITH fix AS (
                            SELECT x.device_id, x.client_id, min(x.first_seen_at) AS since FROM patch_update_cve x
                            WHERE x.cve = ? AND """ + TenantScope.sqlCondition("x.client_id") + """
                             GROUP BY x.device_id, x.client_id),
                        listed AS (
                            SELECT f.device_id, f.client_id, f.since, d.hostname, c.name AS client_name
                            FROM fix f JOIN device d ON d.id = f.device_id JOIN client c ON c.id = f.client_id
                            WHERE d.status = 'APPROVED' AND """ + TenantScope.sqlCondition("d.client_id") + """
                        )
                        SELECT 'client' AS kind, NULL::uuid AS device_id, client_id, client_name, NULL AS hostname, min(since) AS since,
                               count(*) AS devices, row_number() OVER (ORDER BY min(since), client_name, client_id) AS ord
                        FROM listed GROUP BY client_id, client_name
                        UNION ALL
                        SELECT * FROM (SELECT 'device', device_id, client_id, client_name, hostname, since, 1,
                                              row_number() OVER (ORDER BY since, hostname, device_id)
                                       FROM listed ORDER BY since, hostname, device_id LIMIT ? OFFSET ?) d
                        ORDER BY kind, ord""")
                .params(params).query((ResultSet rs) -> {
                    ClientId client = new ClientId(rs.getObject("client_id", UUID.class));
                    if ("client".equals(rs.getString("kind"))) {
                        clients.add(new ExposedClient(client, rs.getString("client_name"), rs.getInt("devices"), ScanRepository.instant(rs, "since")));
                    } else {
                        devices.add(new ExposedDevice(new DeviceId(rs.getObject("device_id", UUID.class)), client, rs.getString("client_name"),
                                rs.getString("hostname"), ScanRepository.instant(rs, "since")));
                    }
                });
        return new Exposed(clients, devices, clients.stream().mapToLong(ExposedClient::devices).sum());
    }

    /** The updates fixing {@code cve} on these devices. */
    public List<ScanRepository.UpdateRow> fixing(TenantScope scope, String cve, List<DeviceId> devices) {
        List<Object> params = new ArrayList<>();
        params.add(cve);
        params.add(devices.stream().map(DeviceId::value).toArray(UUID[]::new));
        params.addAll(scope.sqlParams());
        return jdbc.sql("""
                        SELECT u.* FROM patch_update_cve x JOIN patch_update u ON u.device_id = x.device_id AND u.name = x.name AND u.arch = x.arch
                        WHERE x.cve = ? AND x.device_id = ANY(?) AND """ + TenantScope.sqlCondition("u.client_id") + " ORDER BY u.device_id, u.name, u.arch")
                .params(params).query(ScanRepository::updateRow).list();
    }
}
