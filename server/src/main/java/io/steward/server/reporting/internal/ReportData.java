package io.steward.server.reporting.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.reporting.ReportPeriod;
import io.steward.server.reporting.ReportSettings;
import io.steward.server.servicedesk.ChangeService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL behind the monthly report: read-only queries over other modules' tables, always limited to the viewer's
 * scope and to one client, and always to data timestamped up to the period's {@code asOf}. Fields that tickets
 * record changes of (priority, category, site; a change's stage, risk, outcome and emergency flag) are read as they stood at {@code asOf}: the value
 * before the first change recorded after it, else the stored value.
 */
@Repository
public class ReportData {
    private static final String OFFLINE_METRIC = "agent.offline";

    private final JdbcClient jdbc;
    private final JdbcClient bulk;

    public ReportData(JdbcClient jdbc, javax.sql.DataSource dataSource) {
        this.jdbc = jdbc;
        this.bulk = io.steward.server.shared.BulkReads.client(dataSource);
    }

    /** A ticket opened in the report month, with its dimensions as they stood at {@code asOf}. */
    public record TicketRow(UUID id, long number, String title, String type, String source, String priority, String category, UUID siteId,
                            Instant openedAt) {
    }

    /** How many tickets of one month had one combination of dimensions (as they stood at {@code asOf}). */
    public record Volume(YearMonth month, String type, String source, String priority, String category, UUID siteId, long count) {
    }

    public record ContractRow(String reference, String tierName, UUID tierId, Double uptimeTargetPct) {
    }

    public record Target(long responseMinutes, long resolutionMinutes) {
    }

    /** A change with its risk, stage, outcome (null until implemented) and emergency flag as they stood at {@code asOf}. */
    public record ChangeRow(UUID id, long number, String title, String risk, String stage, String outcome, boolean emergency, Instant openedAt,
                            Instant windowStart) {
    }

    /** {@code retiredAt}: when the device was retired, if that was by {@code asOf}; null for a device in service then. */
    public record DeviceRow(UUID id, String hostname, UUID siteId, String site, String criticality, String os, Instant enrolledAt,
                            Instant approvedAt, Instant retiredAt) {
    }

    public record Outage(UUID deviceId, Instant start, Instant end) {
    }

    public record Window(UUID deviceId, Instant start, Instant end) {
    }

    /**
     * {@code spanDays}: the days the measurements the slope was fitted to spread over, as √12 × the standard deviation of
     * their times (for measurements spread evenly over a period, its length; for one hour of them, nearly 0). Read off
     * the sums the fit keeps, so the month's summed capacity rows give it too.
     */
    public record DiskRow(UUID deviceId, String hostname, String volume, double lastPct, Instant lastAt, double slopePerDay, double spanDays) {
    }

    public record LoadRow(UUID deviceId, String hostname, double mean, double peak, long hoursAbove90) {
    }

    private List<Object> scoped(TenantScope scope, Object... rest) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        for (Object o : rest) {
            p.add(o instanceof Instant i ? Timestamp.from(i) : o);
        }
        return p;
    }

    public ReportSettings settings(TenantScope scope, ClientId client) {
        List<UUID> recipients = jdbc.sql("SELECT user_id FROM report_recipient r WHERE " + TenantScope.sqlCondition("r.client_id")
                + " AND client_id = ? ORDER BY user_id").params(scoped(scope, client.value())).query(UUID.class).list();
        return jdbc.sql("SELECT * FROM report_settings s WHERE " + TenantScope.sqlCondition("s.client_id") + " AND client_id = ?")
                .params(scoped(scope, client.value()))
                .query((rs, n) -> new ReportSettings(rs.getBigDecimal("downtime_cost_per_hour"), rs.getString("currency"),
                        rs.getBigDecimal("sla_compliance_target"), recipients, rs.getInt("version")))
                .optional().orElse(new ReportSettings(null, "EUR", ReportSettings.DEFAULT_COMPLIANCE_TARGET, recipients, 0));
    }

    /** The contract in force on the period's last day, else the latest one in force at any day of it. */
    public Optional<ContractRow> contract(TenantScope scope, ClientId client, ReportPeriod period) {
        LocalDate first = period.month().atDay(1);
        LocalDate last = period.asOf().minusNanos(1).atZone(period.zone()).toLocalDate();
        return jdbc.sql("""
                        SELECT c.reference, t.name, t.id, coalesce(c.uptime_target, t.uptime_target) AS uptime
                        FROM contract c JOIN service_tier t ON t.id = c.tier_id
                        WHERE""" + " " + TenantScope.sqlCondition("c.client_id") + """
                         AND c.client_id = ? AND c.starts_on <= ? AND (c.ends_on IS NULL OR c.ends_on >= ?)
                        ORDER BY (c.ends_on IS NULL OR c.ends_on >= ?) DESC, c.starts_on DESC, c.created_at DESC LIMIT 1""")
                .params(scoped(scope, client.value(), last, first, last))
                .query((rs, n) -> new ContractRow(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getBigDecimal(4) == null ? null : rs.getBigDecimal(4).doubleValue()))
                .optional();
    }

    public Map<String, Target> targets(UUID tierId) {
        Map<String, Target> targets = new HashMap<>();
        jdbc.sql("SELECT priority, response_minutes, resolution_minutes FROM sla_target WHERE tier_id = ?").param(tierId)
                .query(rs -> {
                    targets.put("P" + rs.getInt(1), new Target(rs.getLong(2), rs.getLong(3)));
                });
        return targets;
    }

    public Map<UUID, String> siteNames(TenantScope scope, ClientId client) {
        Map<UUID, String> names = new HashMap<>();
        jdbc.sql("SELECT id, name FROM site s WHERE " + TenantScope.sqlCondition("s.client_id") + " AND client_id = ?")
                .params(scoped(scope, client.value())).query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return names;
    }

    /**
     * Events after {@code asOf} that changed a ticket's priority, category or site: the first one's old value is what
     * the field was at {@code asOf}. Its two parameters are the client and {@code asOf}.
     */
    private static final String LATER_CHANGES = """
            WITH later AS (
              SELECT DISTINCT ON (e.ticket_id, e.field) e.ticket_id, e.field, e.old_value
              FROM ticket_event e
              WHERE e.client_id = ? AND e.at > ? AND e.kind = 'FIELD_CHANGED' AND e.field IN ('priority', 'category', 'site')
              ORDER BY e.ticket_id, e.field, e.id)
            """;

    /** The fields as they stood at {@code asOf}, from {@link #LATER_CHANGES} joined as {@link #AS_OF_JOINS}. */
    private static final String AS_OF_FIELDS = """
            t.type, t.source, coalesce(lp.old_value, 'P' || t.priority) AS priority,
            CASE WHEN lc.ticket_id IS NULL THEN t.category ELSE coalesce(lc.old_value, '') END AS category,
            CASE WHEN ls.ticket_id IS NULL THEN t.site_id::text ELSE nullif(ls.old_value, '') END AS site
            """;

    private static final String AS_OF_JOINS = """
            FROM ticket t
            LEFT JOIN later lp ON lp.ticket_id = t.id AND lp.field = 'priority'
            LEFT JOIN later lc ON lc.ticket_id = t.id AND lc.field = 'category'
            LEFT JOIN later ls ON ls.ticket_id = t.id AND ls.field = 'site'
            WHERE""" + " " + TenantScope.sqlCondition("t.client_id") + """
             AND t.client_id = ? AND t.opened_at >= ? AND t.opened_at < ? AND t.opened_at <= ?
            """;

    /** The parameters of {@link #LATER_CHANGES}, then those of the select list, then those of {@link #AS_OF_JOINS}. */
    private static List<Object> asOfParams(TenantScope scope, ClientId client, Instant from, Instant to, Instant asOf, Object... select) {
        List<Object> p = new ArrayList<>(List.of(client.value(), Timestamp.from(asOf)));
        p.addAll(List.of(select));
        p.addAll(scope.sqlParams());
        p.addAll(List.of(client.value(), Timestamp.from(from), Timestamp.from(to), Timestamp.from(asOf)));
        return p;
    }

    /** Tickets opened in the period up to {@code asOf}, in no particular order. */
    public List<TicketRow> tickets(TenantScope scope, ClientId client, ReportPeriod period) {
        List<TicketRow> rows = new ArrayList<>();
        // Types, sources, priorities, categories and sites are a few values repeated in every row: one copy each.
        io.steward.server.shared.BulkReads.Words words = new io.steward.server.shared.BulkReads.Words();
        Map<String, UUID> siteIds = new HashMap<>();
        bulk.sql(LATER_CHANGES + "SELECT t.id, t.number, t.title, t.opened_at, " + AS_OF_FIELDS + AS_OF_JOINS)
                .params(asOfParams(scope, client, period.from(), period.to(), period.asOf()))
                .query(rs -> {
                    String site = rs.getString(9);
                    rows.add(new TicketRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), words.once(rs.getString(5)),
                            words.once(rs.getString(6)), words.once(rs.getString(7)), words.once(rs.getString(8)),
                            site == null ? null : siteIds.computeIfAbsent(site, ReportData::uuidOrNull), rs.getTimestamp(4).toInstant()));
                });
        return rows;
    }

    /**
     * Ticket counts per month (in the period's zone) and dimension for tickets opened in {@code [from, period.from)}:
     * the trend months before the report month need only counts, so the database counts them.
     */
    public List<Volume> earlierVolumes(TenantScope scope, ClientId client, Instant from, ReportPeriod period) {
        return jdbc.sql(LATER_CHANGES + "SELECT to_char(t.opened_at AT TIME ZONE ?, 'YYYY-MM') AS month, " + AS_OF_FIELDS + ", count(*) AS n "
                        + AS_OF_JOINS + " GROUP BY 1, 2, 3, 4, 5, 6")
                .params(asOfParams(scope, client, from, period.from(), period.asOf(), period.zone().getId()))
                .query((rs, n) -> new Volume(YearMonth.parse(rs.getString("month")), rs.getString("type"), rs.getString("source"),
                        rs.getString("priority"), rs.getString("category"), uuidOrNull(rs.getString("site")), rs.getLong("n")))
                .list();
    }

    private static List<Object> withScopeAfter(TenantScope scope, List<Object> before, List<Object> after) {
        List<Object> p = new ArrayList<>(before);
        p.addAll(scope.sqlParams());
        p.addAll(after);
        return p;
    }

    private static UUID uuidOrNull(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Changes opened in the period or with a window starting in it, with their stage, risk, outcome and emergency flag at
     * {@code asOf}: each read from the first change recorded after it (its old value), else as stored. A month has few
     * changes, so each looks up its own later history (by ticket) rather than the client's whole history since then.
     */
    public List<ChangeRow> changes(TenantScope scope, ClientId client, ReportPeriod period) {
        Timestamp asOf = Timestamp.from(period.asOf());
        return jdbc.sql("""
                        SELECT t.id, t.number, t.title, t.opened_at, c.window_start,
                               CASE WHEN lr.found THEN lr.old_value ELSE c.risk END AS risk,
                               CASE WHEN le.found THEN le.old_value = 'true' ELSE c.emergency END AS emergency,
                               CASE WHEN lo.found THEN lo.old_value ELSE c.outcome END AS outcome,
                               coalesce((SELECT e.new_value FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'STATUS_CHANGED'
                                           AND e.field = 'stage' AND e.at <= ? ORDER BY e.id DESC LIMIT 1),
                                        (SELECT e.old_value FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'STATUS_CHANGED'
                                           AND e.field = 'stage' AND e.at > ? ORDER BY e.id LIMIT 1),
                                        c.stage) AS stage
                        FROM change_request c JOIN ticket t ON t.id = c.ticket_id
                        """ + "LEFT JOIN LATERAL (" + firstChangeAfter(ChangeService.FIELD_RISK) + ") lr ON true\n"
                        + "LEFT JOIN LATERAL (" + firstChangeAfter(ChangeService.FIELD_EMERGENCY) + ") le ON true\n"
                        + "LEFT JOIN LATERAL (" + firstChangeAfter(ChangeService.FIELD_OUTCOME) + ") lo ON true\n"
                        + "WHERE " + TenantScope.sqlCondition("c.client_id") + """
                         AND c.client_id = ? AND t.opened_at <= ?
                          AND ((t.opened_at >= ? AND t.opened_at < ?) OR (c.window_start >= ? AND c.window_start < ?))
                        ORDER BY t.number""")
                .params(withScopeAfter(scope, List.of(asOf, asOf, asOf, asOf, asOf),
                        List.of(client.value(), asOf, Timestamp.from(period.from()), Timestamp.from(period.to()),
                                Timestamp.from(period.from()), Timestamp.from(period.to()))))
                .query((rs, n) -> new ChangeRow(rs.getObject("id", UUID.class), rs.getLong("number"), rs.getString("title"), rs.getString("risk"),
                        rs.getString("stage"), rs.getString("outcome"), rs.getBoolean("emergency"), rs.getTimestamp("opened_at").toInstant(),
                        instant(rs, "window_start")))
                .list();
    }

    /** The first FIELD_CHANGED entry of {@code field} (a constant) after a bound instant, for the ticket {@code t}: found and its old value. */
    private static String firstChangeAfter(String field) {
        return "SELECT true AS found, e.old_value FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'FIELD_CHANGED' AND e.field = '"
                + field + "' AND e.at > ? ORDER BY e.id LIMIT 1";
    }

    /**
     * Devices approved by {@code asOf} that were in service at some time of the period: not retired, or retired after the
     * period began (a device retired without a recorded date counts as retired long ago).
     */
    public List<DeviceRow> devices(TenantScope scope, ClientId client, ReportPeriod period) {
        return jdbc.sql("""
                        SELECT d.id, d.hostname, d.site_id, s.name AS site, d.criticality, d.os, d.enrolled_at, d.approved_at,
                               CASE WHEN d.retired_at <= ? THEN d.retired_at END AS retired_at
                        FROM device d LEFT JOIN site s ON s.id = d.site_id
                        WHERE""" + " " + TenantScope.sqlCondition("d.client_id") + """
                         AND d.client_id = ? AND (d.status <> 'RETIRED' OR d.retired_at > ?) AND d.approved_at IS NOT NULL AND d.approved_at < ?
                        ORDER BY d.hostname, d.id""")
                .params(withScopeAfter(scope, List.of(Timestamp.from(period.asOf())),
                        List.of(client.value(), Timestamp.from(period.from()), Timestamp.from(period.asOf()))))
                .query((rs, n) -> new DeviceRow(rs.getObject("id", UUID.class), rs.getString("hostname"), rs.getObject("site_id", UUID.class),
                        rs.getString("site"), rs.getString("criticality"), rs.getString("os"), rs.getTimestamp("enrolled_at").toInstant(),
                        rs.getTimestamp("approved_at").toInstant(), instant(rs, "retired_at")))
                .list();
    }

    /** Offline alerts overlapping {@code [from, asOf)}; an alert resolved after {@code asOf} counts as still open then. */
    public List<Outage> outages(TenantScope scope, ClientId client, Instant from, Instant asOf) {
        return jdbc.sql("""
                        SELECT a.device_id, a.opened_at, CASE WHEN a.resolved_at <= ? THEN a.resolved_at END AS resolved_at
                        FROM alert a JOIN alert_policy p ON p.id = a.policy_id
                        WHERE""" + " " + TenantScope.sqlCondition("a.client_id") + """
                         AND a.client_id = ? AND p.metric = ? AND a.opened_at < ? AND (a.resolved_at IS NULL OR a.resolved_at > ?)""")
                .params(withScopeAfter(scope, List.of(Timestamp.from(asOf)), List.of(client.value(), OFFLINE_METRIC, Timestamp.from(asOf), Timestamp.from(from))))
                .query((rs, n) -> new Outage(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), instant(rs, 3)))
                .list();
    }

    /** Maintenance windows overlapping {@code [from, asOf)}; {@code deviceId == null} covers every device of the client. */
    public List<Window> maintenance(TenantScope scope, ClientId client, Instant from, Instant asOf) {
        return jdbc.sql("SELECT device_id, starts_at, ends_at FROM maintenance_window m WHERE " + TenantScope.sqlCondition("m.client_id")
                        + " AND client_id = ? AND starts_at < ? AND ends_at > ? AND created_at <= ?")
                .params(scoped(scope, client.value(), asOf, from, asOf))
                .query((rs, n) -> new Window(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** The month's capacity figures, read in one pass over the hourly rollups. */
    public record CapacityRows(List<DiskRow> disks, List<LoadRow> cpu, List<LoadRow> memory) {
    }

    /**
     * File systems whose hourly mean use grew fastest in {@code [period.from, asOf)} (least-squares slope; the use at
     * the last measurement is read off the fitted line, which a single noisy hour does not move), and the devices with
     * the highest mean CPU and memory use, at most {@code limit} each. The hours already summed into
     * {@code capacity_month} are read from there (one row per series), the hours after its mark from the hourly rollups;
     * both are sums, so they add up to what the hourly rows alone would give.
     */
    public CapacityRows capacity(TenantScope scope, ClientId client, ReportPeriod period, int limit) {
        List<DiskRow> disks = new ArrayList<>();
        List<LoadRow> cpu = new ArrayList<>();
        List<LoadRow> memory = new ArrayList<>();
        Timestamp from = Timestamp.from(period.from());
        Timestamp asOf = Timestamp.from(period.asOf());
        LocalDate month = period.month().atDay(1);
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.addAll(List.of(client.value(), month, from, asOf));
        params.addAll(scope.sqlParams());
        params.addAll(List.of(client.value(), month, from));
        params.addAll(scope.sqlParams());
        params.addAll(List.of(client.value(), from, asOf, asOf, from, limit));
        jdbc.sql("""
                        WITH mark AS (
                          SELECT m.through FROM capacity_month_mark m
                          WHERE""" + " " + TenantScope.sqlCondition("m.client_id") + """
                           AND m.client_id = ? AND m.month = ? AND m.month_start = ? AND m.through <= ?),
                        parts AS (
                          SELECT s.metric, s.device_id, s.instance, s.hours, s.sx, s.sy, s.sxy, s.sxx, s.total, s.samples, s.peak, s.hours_90, s.last_at
                          FROM capacity_month s
                          WHERE""" + " " + TenantScope.sqlCondition("s.client_id") + """
                           AND s.client_id = ? AND s.month = ? AND EXISTS (SELECT 1 FROM mark)
                          UNION ALL
                          SELECT h.metric, h.device_id, h.instance, count(*), sum(h.x), sum(h.y), sum(h.x * h.y), sum(h.x * h.x), sum(h.sum),
                                 sum(h.count), max(h.y), count(*) FILTER (WHERE h.y >= 90), max(h.bucket)
                          FROM (SELECT metric, device_id, CASE WHEN metric = 'fs.used_pct' THEN instance ELSE '' END AS instance, bucket, sum, count,
                                       extract(epoch FROM bucket - ?) / 86400.0 AS x, sum / count AS y
                                FROM metric_hour
                                WHERE""" + " " + TenantScope.sqlCondition("client_id") + """
                                 AND client_id = ? AND metric IN ('fs.used_pct', 'cpu.utilization', 'memory.used_pct')
                                  AND bucket >= coalesce((SELECT through FROM mark), ?) AND bucket < ? AND count > 0) h
                          -- An ended month is summed whole: its hourly branch has nothing to add, and this check cuts it short
                          -- (measured ~50 ms of the statement's ~220 with 10,000 devices).
                          WHERE NOT EXISTS (SELECT 1 FROM mark WHERE mark.through >= ?)
                          GROUP BY 1, 2, 3),
                        g AS (
                          SELECT metric, device_id, instance, sum(hours) AS n, sum(sx) AS sx, sum(sy) AS sy, sum(sxy) AS sxy, sum(sxx) AS sxx,
                                 sum(total) / sum(samples) AS mean, max(peak) AS peak, sum(hours_90) AS hours, max(last_at) AS last_at
                          FROM parts GROUP BY 1, 2, 3),
                        fit AS (
                          SELECT g.*, CASE WHEN g.metric = 'fs.used_pct' AND g.n * g.sxx - g.sx * g.sx > 0
                                           THEN (g.n * g.sxy - g.sx * g.sy) / (g.n * g.sxx - g.sx * g.sx) END AS slope
                          FROM g),
                        ranked AS (
                          SELECT fit.*, row_number() OVER (PARTITION BY fit.metric
                                   ORDER BY CASE WHEN fit.metric = 'fs.used_pct' THEN fit.slope ELSE fit.mean END DESC NULLS LAST, fit.device_id) AS rank
                          FROM fit WHERE fit.metric <> 'fs.used_pct' OR fit.slope > 0)
                        SELECT r.metric, r.device_id, d.hostname, r.instance, r.slope,
                               (r.sy - r.slope * r.sx) / r.n + r.slope * extract(epoch FROM r.last_at - ?) / 86400.0 AS last_pct,
                               r.last_at, r.mean, r.peak, r.hours, sqrt(12 * greatest(r.n * r.sxx - r.sx * r.sx, 0)) / r.n AS span_days
                        FROM ranked r JOIN device d ON d.id = r.device_id
                        WHERE r.rank <= ? ORDER BY r.metric, r.rank""")
                .params(params)
                .query(rs -> {
                    String metric = rs.getString(1);
                    UUID device = rs.getObject(2, UUID.class);
                    if (metric.equals("fs.used_pct")) {
                        disks.add(new DiskRow(device, rs.getString(3), rs.getString(4), rs.getDouble(6), rs.getTimestamp(7).toInstant(), rs.getDouble(5),
                                rs.getDouble(11)));
                    } else {
                        (metric.equals("cpu.utilization") ? cpu : memory).add(new LoadRow(device, rs.getString(3), rs.getDouble(8), rs.getDouble(9),
                                rs.getLong(10)));
                    }
                });
        disks.sort(java.util.Comparator.comparingDouble(DiskRow::slopePerDay).reversed().thenComparing(DiskRow::hostname));
        cpu.sort(java.util.Comparator.comparingDouble(LoadRow::mean).reversed().thenComparing(LoadRow::hostname));
        memory.sort(java.util.Comparator.comparingDouble(LoadRow::mean).reversed().thenComparing(LoadRow::hostname));
        return new CapacityRows(disks, cpu, memory);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
