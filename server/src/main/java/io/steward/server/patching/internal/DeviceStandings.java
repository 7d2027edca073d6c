package io.steward.server.patching.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The approved devices' patch standing, counted in the database: per client for the compliance views, and one
 * filtered, ordered page of devices. A fleet of 10,000 devices read into the server per request (to count 50 clients
 * and show 100 devices) was most of the central page's time; here only the rows shown travel. The counts come from the
 * figures kept on each device's scan row (V125: its number of updates and its security updates' first-seen instants,
 * oldest first), against cutoff instants the caller computes from the policies.
 */
@Repository
public class DeviceStandings {
    private final JdbcClient jdbc;

    DeviceStandings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The instants a device is counted against: a security update first seen before {@code overdueBefore} is overdue,
     * and a device not scanned successfully since {@code staleBefore} is stale. Per client (a client not named has the
     * defaults) and per device whose site or group sets another policy than its client's.
     */
    public record Cutoffs(Instant defaultOverdueBefore, Instant defaultStaleBefore, Map<ClientId, Instant> clientOverdueBefore,
                          Map<ClientId, Instant> clientStaleBefore, Map<DeviceId, Instant> deviceOverdueBefore, Map<DeviceId, Instant> deviceStaleBefore) {
    }

    /** One device's standing; {@code oldestSecurity} is the first sighting of its oldest security update (null without). */
    public record Standing(DeviceId deviceId, ClientId clientId, String clientName, String hostname, Instant lastGoodAt, String error, int updates,
                           int security, int overdue, Instant oldestSecurity, boolean rebootRequired, boolean stale) {
    }

    /** A client's counts over its approved devices; scanned = with a successful scan, compliant = that and nothing overdue. */
    public record Totals(ClientId clientId, String clientName, int devices, int scanned, int compliant, int updates, int security, int overdue,
                         int rebootRequired, int stale) {
    }

    /** The filters of {@link #devices}, each a condition on the standing's columns. */
    public enum Filter {
        ALL("true"), MISSING("updates > 0"), SECURITY("security > 0"), OVERDUE("overdue > 0"), REBOOT("reboot_required"), STALE("stale");

        private final String condition;

        Filter(String condition) {
            this.condition = condition;
        }
    }

    /** Per client in scope (optionally one) with approved devices: the counts of the compliance views. */
    public List<Totals> perClient(TenantScope scope, ClientId client, Cutoffs cutoffs) {
        List<Object> params = new ArrayList<>();
        String sql = standings(scope, client, cutoffs, params) + "SELECT " + TOTALS + " FROM standing GROUP BY client_id, client_name";
        return jdbc.sql(sql).params(params).query((rs, n) -> totals(rs)).list();
    }

    /** The counts per client in scope and the first devices of one view: {@link #perClient} and {@link #devices} in one reading. */
    public record Overview(List<Totals> clients, OutstandingRepository.Counted<Standing> devices) {
    }

    /**
     * {@link #perClient} of every client in scope and the first {@code limit} devices (optionally of one client) the
     * filter keeps: the central page's two views from one reading of the devices' figures (the CTE is computed once).
     */
    public Overview overview(TenantScope scope, ClientId client, Filter filter, Cutoffs cutoffs, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(standings(scope, null, cutoffs, params).replace("WITH standing AS (", "WITH standing AS MATERIALIZED ("));
        sql.append(", shown AS (SELECT *, count(*) OVER () AS total FROM standing WHERE ").append(filter.condition);
        if (client != null) {
            sql.append(" AND client_id = ?");
            params.add(client.value());
        }
        sql.append(" ORDER BY lower(client_name), lower(hostname), device_id LIMIT ?)\n");
        params.add(limit);
        // One result of two kinds of rows: the page's devices (D), then the clients' counts (T) in columns of their own.
        sql.append("""
                SELECT 'D' AS kind, device_id, client_id, client_name, hostname, last_good_at, error, updates, security, overdue, oldest_security,
                       reboot_required, stale, total, NULL::integer AS devices, NULL::integer AS scanned, NULL::integer AS compliant,
                       NULL::integer AS reboot, NULL::integer AS stale_devices
                FROM shown
                UNION ALL
                SELECT 'T', NULL, client_id, client_name, NULL, NULL, NULL, sum(updates)::integer, sum(security)::integer, sum(overdue)::integer, NULL,
                       NULL, NULL, NULL, count(*)::integer, count(last_good_at)::integer,
                       (count(*) FILTER (WHERE last_good_at IS NOT NULL AND overdue = 0))::integer, (count(*) FILTER (WHERE reboot_required))::integer,
                       (count(*) FILTER (WHERE stale))::integer
                FROM standing GROUP BY client_id, client_name""");
        List<Totals> totals = new ArrayList<>();
        List<Standing> shown = new ArrayList<>();
        long[] total = {0};
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            if ("D".equals(rs.getString("kind"))) {
                shown.add(standing(rs));
                total[0] = rs.getLong("total");
            } else {
                totals.add(new Totals(new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("client_name"), rs.getInt("devices"),
                        rs.getInt("scanned"), rs.getInt("compliant"), rs.getInt("updates"), rs.getInt("security"), rs.getInt("overdue"),
                        rs.getInt("reboot"), rs.getInt("stale_devices")));
            }
        });
        return new Overview(totals, new OutstandingRepository.Counted<>(shown, total[0]));
    }

    private static final String TOTALS = """
            client_id, client_name, count(*) AS devices, count(last_good_at) AS scanned,
            count(*) FILTER (WHERE last_good_at IS NOT NULL AND overdue = 0) AS compliant, sum(updates) AS updates,
            sum(security) AS security, sum(overdue) AS overdue, count(*) FILTER (WHERE reboot_required) AS reboot,
            count(*) FILTER (WHERE stale) AS stale""";

    private static Totals totals(ResultSet rs) throws SQLException {
        return new Totals(new ClientId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10));
    }

    /**
     * The approved devices in scope (optionally of one client) the filter keeps, by client name and host name
     * (ignoring case): {@code limit} of them (all when null) from {@code offset}, with how many the filter keeps.
     */
    public OutstandingRepository.Counted<Standing> devices(TenantScope scope, ClientId client, Filter filter, Cutoffs cutoffs, Integer limit,
                                                           long offset) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(standings(scope, client, cutoffs, params));
        sql.append("SELECT *, count(*) OVER () AS total FROM standing WHERE ").append(filter.condition)
                .append(" ORDER BY lower(client_name), lower(hostname), device_id");
        if (limit != null) {
            sql.append(" LIMIT ?");
            params.add(limit);
        }
        sql.append(" OFFSET ?");
        params.add(offset);
        long[] total = {0};
        List<Standing> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            total[0] = rs.getLong("total");
            return standing(rs);
        }).list();
        if (rows.isEmpty() && offset > 0) {
            // Past the end: the window saw no row, so count separately.
            List<Object> countParams = new ArrayList<>();
            String count = standings(scope, client, cutoffs, countParams) + "SELECT count(*) FROM standing WHERE " + filter.condition;
            total[0] = jdbc.sql(count).params(countParams).query(Long.class).single();
        }
        return new OutstandingRepository.Counted<>(rows, total[0]);
    }

    /**
     * The {@code standing} CTE: every approved device in scope with its figures. The overdue count is a binary search
     * in the sorted first-seen instants ({@code width_bucket(x, sorted)} counts the elements {@code <= x}; those
     * {@code < cutoff} are the ones {@code <= cutoff - 1 µs} at PostgreSQL's microsecond precision).
     */
    private static String standings(TenantScope scope, ClientId client, Cutoffs c, List<Object> params) {
        params.add(ScanRepository.ts(ScanRepository.microsUp(c.defaultOverdueBefore())));
        params.add(ScanRepository.ts(ScanRepository.microsUp(c.defaultStaleBefore())));
        params.add(ids(c.clientOverdueBefore().keySet().stream().map(ClientId::value).toList()));
        params.add(instants(c.clientOverdueBefore().values().stream().toList()));
        params.add(ids(c.clientStaleBefore().keySet().stream().map(ClientId::value).toList()));
        params.add(instants(c.clientStaleBefore().values().stream().toList()));
        params.add(ids(c.deviceOverdueBefore().keySet().stream().map(DeviceId::value).toList()));
        params.add(instants(c.deviceOverdueBefore().values().stream().toList()));
        params.add(ids(c.deviceStaleBefore().keySet().stream().map(DeviceId::value).toList()));
        params.add(instants(c.deviceStaleBefore().values().stream().toList()));
        params.addAll(scope.sqlParams());
        String sql = """
                WITH standing AS (
                    SELECT d.id AS device_id, d.client_id, cl.name AS client_name, d.hostname, s.last_good_at, s.error,
                           coalesce(s.update_count, 0) AS updates, coalesce(cardinality(s.security_first_seen), 0) AS security,
                           CASE WHEN coalesce(cardinality(s.security_first_seen), 0) = 0 THEN 0
                                ELSE width_bucket(coalesce(dov.before, cov.before, CAST(? AS timestamptz)) - interval '1 microsecond',
                                                  s.security_first_seen) END AS overdue,
                           s.security_first_seen[1] AS oldest_security, coalesce(s.reboot_required, false) AS reboot_required,
                           (s.last_good_at IS NULL OR s.last_good_at < coalesce(dst.before, cst.before, CAST(? AS timestamptz))) AS stale
                    FROM device d JOIN client cl ON cl.id = d.client_id
                    LEFT JOIN patch_scan s ON s.device_id = d.id
                    LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS cov(client_id, before) ON cov.client_id = d.client_id
                    LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS cst(client_id, before) ON cst.client_id = d.client_id
                    LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS dov(device_id, before) ON dov.device_id = d.id
                    LEFT JOIN unnest(CAST(? AS uuid[]), CAST(? AS timestamptz[])) AS dst(device_id, before) ON dst.device_id = d.id
                    WHERE d.status = 'APPROVED' AND\s""" + TenantScope.sqlCondition("d.client_id");
        if (client != null) {
            sql += " AND d.client_id = ?";
            params.add(client.value());
        }
        return sql + ")\n";
    }

    private static Standing standing(ResultSet rs) throws SQLException {
        return new Standing(new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("client_name"), rs.getString("hostname"), ScanRepository.instant(rs, "last_good_at"), rs.getString("error"),
                rs.getInt("updates"), rs.getInt("security"), rs.getInt("overdue"), ScanRepository.instant(rs, "oldest_security"),
                rs.getBoolean("reboot_required"), rs.getBoolean("stale"));
    }

    private static String ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /** Rounded up to whole microseconds, so that {@code stored < cutoff} compares as with the exact instant. */
    private static String instants(List<Instant> instants) {
        return instants.stream().map(ScanRepository::wholeMicrosUp).collect(Collectors.joining(",", "{", "}"));
    }
}
