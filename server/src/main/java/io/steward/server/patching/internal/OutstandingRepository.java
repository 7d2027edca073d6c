package io.steward.server.patching.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The fleet-wide outstanding updates kept per client (patch_outstanding, V141) and when each client's were last
 * computed (patch_outstanding_refresh).
 */
@Repository
public class OutstandingRepository {
    private final JdbcClient jdbc;

    OutstandingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Some rows of a longer list, and how long the whole list is. */
    public record Counted<T>(List<T> rows, long total) {
    }

    /** One kept group: a client's package version across its devices. */
    public record Kept(ClientId clientId, String name, String candidateVersion, String security, String severity, int devices, Instant firstSeenAt,
                       Instant dueAt, List<String> cves) {
    }

    /**
     * Recomputes the client's kept groups from its update rows ({@link #GROUPED}); {@code deviceDays} holds the
     * deadlines of devices whose site or group sets another than the client's.
     */
    public void recompute(ClientId client, int clientDays, Map<DeviceId, Integer> deviceDays, Instant refreshedAt) {
        // First, so that the row lock orders two recomputes of one client (the sweep and a first fleet-wide read).
        jdbc.sql("""
                        INSERT INTO patch_outstanding_refresh (client_id, refreshed_at) VALUES (?, ?)
                        ON CONFLICT (client_id) DO UPDATE SET refreshed_at = excluded.refreshed_at""")
                .params(client.value(), ScanRepository.ts(refreshedAt)).update();
        jdbc.sql("DELETE FROM patch_outstanding WHERE client_id = ?").param(client.value()).update();
        List<Object> params = new ArrayList<>(daysParams(Map.of(client, clientDays), deviceDays));
        params.add(client.value());
        jdbc.sql("INSERT INTO patch_outstanding (client_id, name, candidate_version, security, severity, devices, first_seen_at, due_at, cves) "
                + GROUPED.formatted("u.client_id = ?")).params(params).update();
        jdbc.sql("""
                        UPDATE patch_outstanding_refresh SET groups = c.n, security_groups = c.s
                        FROM (SELECT count(*) AS n, count(*) FILTER (WHERE security = 'yes') AS s FROM patch_outstanding WHERE client_id = ?) c
                        WHERE client_id = ?""").params(client.value(), client.value()).update();
    }

    /**
     * The same groups computed live from the update rows in scope, optionally of one client, security updates only,
     * fixing one CVE, of one package: oldest first, {@code limit} from {@code offset}, with how many there are.
     */
    public Counted<Kept> live(TenantScope scope, ClientId client, boolean securityOnly, String cve, String name,
                                           Map<ClientId, Integer> clientDays, Map<DeviceId, Integer> deviceDays, int limit, long offset) {
        List<Object> params = new ArrayList<>(daysParams(clientDays, deviceDays));
        params.addAll(scope.sqlParams());
        StringBuilder where = new StringBuilder(TenantScope.sqlCondition("u.client_id"));
        if (client != null) {
            where.append(" AND u.client_id = ?");
            params.add(client.value());
        }
        if (securityOnly) {
            where.append(" AND u.security = 'yes'");
        }
        if (cve != null) {
            // Through patch_update_cve: its equality lookup can use an index under row-level security, cves @> cannot.
            where.append(" AND (u.device_id, u.name, u.arch) IN (SELECT device_id, name, arch FROM patch_update_cve WHERE cve = ?)");
            params.add(cve);
        }
        if (name != null) {
            where.append(" AND u.name = ?");
            params.add(name);
        }
        params.add(limit);
        params.add(offset);
        String sql = "SELECT g.*, count(*) OVER () AS total FROM (" + GROUPED.formatted(where)
                + ") g ORDER BY g.first_seen_at, g.name, g.client_id, g.candidate_version LIMIT ? OFFSET ?";
        long[] total = {0};
        List<Kept> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            total[0] = rs.getLong("total");
            return kept(rs);
        }).list();
        if (rows.isEmpty() && offset > 0) {
            total[0] = live(scope, client, securityOnly, cve, name, clientDays, deviceDays, 1, 0).total();
        }
        return new Counted<>(rows, total[0]);
    }

    /**
     * Update rows grouped per client, package and candidate version ({@code %s}: the condition on {@code u}). A group's
     * security is its strongest classification (yes, then unknown, then no), its severity the highest, {@code due_at}
     * the earliest moment one of its security updates passes its device's deadline, and {@code cves} the distinct CVE
     * ids of its rows. Parameters: the client deadlines (ids, days), the device deadlines (ids, days), then the condition's.
     */
    private static final String GROUPED = """
            SELECT u.client_id, u.name, u.candidate_version,
                   CASE WHEN bool_or(u.security = 'yes') THEN 'yes' WHEN bool_or(u.security = 'unknown') THEN 'unknown' ELSE 'no' END AS security,
                   coalesce((ARRAY['low', 'moderate', 'important', 'critical'])[max(array_position(
                       ARRAY['low', 'moderate', 'important', 'critical'], lower(u.severity)))], max(u.severity), '') AS severity,
                   count(DISTINCT u.device_id) AS devices, min(u.first_seen_at) AS first_seen_at,
                   min(u.first_seen_at + make_interval(days => coalesce(dv.days, cd.days, 0))) FILTER (WHERE u.security = 'yes') AS due_at,
                   coalesce(array_agg(DISTINCT cv.cve ORDER BY cv.cve) FILTER (WHERE cv.cve IS NOT NULL), '{}') AS cves
            FROM patch_update u
            LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS integer[])) AS cd(client_id, days) ON cd.client_id = u.client_id
            LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS integer[])) AS dv(device_id, days) ON dv.device_id = u.device_id
            LEFT JOIN LATERAL unnest(u.cves) AS cv(cve) ON true
            WHERE %s
            GROUP BY u.client_id, u.name, u.candidate_version""";

    private static List<Object> daysParams(Map<ClientId, Integer> clientDays, Map<DeviceId, Integer> deviceDays) {
        List<ClientId> clients = List.copyOf(clientDays.keySet());
        List<DeviceId> devices = List.copyOf(deviceDays.keySet());
        return List.of(clients.stream().map(ClientId::value).toArray(UUID[]::new), clients.stream().map(clientDays::get).toArray(Integer[]::new),
                devices.stream().map(DeviceId::value).toArray(UUID[]::new), devices.stream().map(deviceDays::get).toArray(Integer[]::new));
    }

    private static Kept kept(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Kept(new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("name"), rs.getString("candidate_version"),
                rs.getString("security"), rs.getString("severity"), rs.getInt("devices"), ScanRepository.instant(rs, "first_seen_at"),
                ScanRepository.instant(rs, "due_at"), ScanRepository.strings(rs.getArray("cves")));
    }

    /** The client's kept groups are out of date (its policies changed): the next refresh recomputes them. */
    public void markStale(ClientId client) {
        jdbc.sql("DELETE FROM patch_outstanding_refresh WHERE client_id = ?").param(client.value()).update();
    }

    /**
     * Clients whose kept groups may be out of date at {@code now}: never computed, a scan received since {@code margin}
     * before their last refresh (a scan's transaction may still have been open then), refreshed longer than {@code
     * maxAge} ago, or kept groups left without any scan.
     */
    public List<ClientId> stale(TenantScope scope, Instant now, Duration margin, Duration maxAge) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(margin.toMillis());
        params.add(ScanRepository.ts(now.minus(maxAge)));
        params.addAll(scope.sqlParams());
        return jdbc.sql("""
                        SELECT s.client_id FROM patch_scan s LEFT JOIN patch_outstanding_refresh r ON r.client_id = s.client_id
                        WHERE """ + TenantScope.sqlCondition("s.client_id") + """
                         GROUP BY s.client_id, r.refreshed_at
                        HAVING r.refreshed_at IS NULL OR max(s.received_at) > r.refreshed_at - make_interval(secs => ? / 1000.0) OR r.refreshed_at < ?
                        UNION
                        SELECT DISTINCT o.client_id FROM patch_outstanding o
                        WHERE """ + TenantScope.sqlCondition("o.client_id") + """
                         AND NOT EXISTS (SELECT 1 FROM patch_scan s WHERE s.client_id = o.client_id)""")
                .params(params).query((rs, n) -> new ClientId(rs.getObject(1, UUID.class))).list();
    }

    /** Clients in scope with scans whose groups were never computed (or were marked stale). */
    public List<ClientId> neverComputed(TenantScope scope) {
        return jdbc.sql("""
                        SELECT DISTINCT s.client_id FROM patch_scan s
                        WHERE """ + TenantScope.sqlCondition("s.client_id") + """
                         AND NOT EXISTS (SELECT 1 FROM patch_outstanding_refresh r WHERE r.client_id = s.client_id)""")
                .params(scope.sqlParams()).query((rs, n) -> new ClientId(rs.getObject(1, UUID.class))).list();
    }

    /**
     * Kept groups in scope, oldest first, {@code limit} from {@code offset}, with how many there are. The whole list is
     * read in index order and counted from the per-client counts; a package's groups are few and counted as read.
     */
    public Counted<Kept> list(TenantScope scope, boolean securityOnly, String name, int limit, long offset) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT o.*" + (name == null ? "" : ", count(*) OVER () AS total") + " FROM patch_outstanding o WHERE "
                + TenantScope.sqlCondition("o.client_id"));
        if (securityOnly) {
            sql.append(" AND o.security = 'yes'");
        }
        if (name != null) {
            sql.append(" AND o.name = ?");
            params.add(name);
        }
        sql.append(" ORDER BY o.first_seen_at, o.name, o.client_id, o.candidate_version LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        long[] total = {0};
        List<Kept> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            total[0] = name == null ? 0 : rs.getLong("total");
            return kept(rs);
        }).list();
        if (name == null) {
            total[0] = jdbc.sql("SELECT coalesce(sum(" + (securityOnly ? "security_groups" : "groups") + "), 0) FROM patch_outstanding_refresh WHERE "
                    + TenantScope.sqlCondition("client_id")).params(scope.sqlParams()).query(Long.class).single();
        } else if (rows.isEmpty() && offset > 0) {
            total[0] = list(scope, securityOnly, name, 1, 0).total();
        }
        return new Counted<>(rows, total[0]);
    }

    /** The oldest refresh among the clients in scope: the kept list is at least as new as this. Null when none. */
    public Instant asOf(TenantScope scope) {
        return jdbc.sql("SELECT min(refreshed_at) AS t FROM patch_outstanding_refresh WHERE " + TenantScope.sqlCondition("client_id"))
                .params(scope.sqlParams()).query((rs, n) -> java.util.Optional.ofNullable(ScanRepository.instant(rs, "t"))).single().orElse(null);
    }
}
