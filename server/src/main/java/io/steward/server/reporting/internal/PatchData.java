package io.steward.server.reporting.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.patching.PatchPolicy;
import io.steward.server.reporting.MonthlyReport.AgeBucket;
import io.steward.server.reporting.MonthlyReport.Emergency;
import io.steward.server.reporting.MonthlyReport.Patching;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a month's patching (read-only over the patching module's tables): compliance, outstanding by age, installs, emergencies. */
@Repository
class PatchData {
    private static final long[] BUCKET_DAYS = {7, 30, 90};
    private static final String[] BUCKET_LABELS = {"under 7 days", "7 to 30 days", "30 to 90 days", "over 90 days"};

    private final JdbcClient jdbc;

    PatchData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Patching patching(TenantScope scope, ClientId client, ReportPeriod period) {
        Instant asOf = period.asOf();
        int deadline = jdbc.sql("SELECT security_deadline_days FROM patch_policy p WHERE " + TenantScope.sqlCondition("p.client_id")
                        + " AND p.client_id = ?").params(with(scope, client.value())).query(Integer.class).optional()
                .orElse(PatchPolicy.defaults(client).securityDeadlineDays());
        Timestamp at = Timestamp.from(asOf);
        Timestamp overdueBefore = Timestamp.from(asOf.minus(Duration.ofDays(deadline)));
        long[] devices = jdbc.sql("""
                        SELECT count(*),
                               count(*) FILTER (WHERE s.last_good_at <= ?),
                               count(*) FILTER (WHERE s.last_good_at <= ? AND NOT EXISTS (
                                   SELECT 1 FROM patch_update u WHERE u.device_id = d.id AND u.security = 'yes' AND u.first_seen_at < ?))
                        FROM device d LEFT JOIN patch_scan s ON s.device_id = d.id
                        WHERE """ + TenantScope.sqlCondition("d.client_id") + """
                         AND d.client_id = ? AND d.status <> 'PENDING' AND d.approved_at <= ? AND (d.retired_at IS NULL OR d.retired_at >= ?)""")
                .params(with(List.of(at, at, overdueBefore), scope, client.value(), at, Timestamp.from(period.from())))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        List<AgeBucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKET_LABELS.length; i++) {
            Timestamp newest = Timestamp.from(asOf.minus(Duration.ofDays(i == 0 ? 0 : BUCKET_DAYS[i - 1])));
            Timestamp oldest = i == BUCKET_DAYS.length ? null : Timestamp.from(asOf.minus(Duration.ofDays(BUCKET_DAYS[i])));
            long[] c = jdbc.sql("SELECT count(*), count(*) FILTER (WHERE u.security = 'yes') FROM patch_update u WHERE "
                            + TenantScope.sqlCondition("u.client_id") + " AND u.client_id = ? AND u.first_seen_at <= ?"
                            + (oldest == null ? "" : " AND u.first_seen_at > ?"))
                    .params(oldest == null ? with(scope, client.value(), newest) : with(scope, client.value(), newest, oldest))
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
            buckets.add(new AgeBucket(BUCKET_LABELS[i], c[0], c[1]));
        }
        long installed = jdbc.sql("SELECT count(*) FROM patch_history h WHERE " + TenantScope.sqlCondition("h.client_id")
                        + " AND h.client_id = ? AND h.event = 'GONE' AND h.at >= ? AND h.at < ? AND h.at <= ?")
                .params(with(scope, client.value(), Timestamp.from(period.from()), Timestamp.from(period.to()), at)).query(Long.class).single();
        List<Emergency> emergencies = jdbc.sql("""
                        SELECT e.cve, e.opened_at, CASE WHEN e.closed_at <= ? THEN e.closed_at END AS closed_at, count(d.device_id) AS devices,
                               count(*) FILTER (WHERE d.remediated_at <= ?) AS patched,
                               count(*) FILTER (WHERE d.excepted_at <= ? AND (d.remediated_at IS NULL OR d.remediated_at > ?)) AS excepted,
                               percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.remediated_at - d.exposed_since))
                                   FILTER (WHERE d.remediated_at <= ?) AS median_s,
                               max(extract(epoch FROM d.remediated_at - d.exposed_since)) FILTER (WHERE d.remediated_at <= ?) AS max_s
                        FROM patch_emergency e LEFT JOIN patch_emergency_device d ON d.emergency_id = e.id
                        WHERE """ + TenantScope.sqlCondition("e.client_id") + """
                         AND e.client_id = ? AND e.opened_at >= ? AND e.opened_at < ? AND e.opened_at <= ?
                        GROUP BY e.id, e.cve, e.opened_at, e.closed_at ORDER BY e.opened_at""")
                .params(with(List.of(at, at, at, at, at, at), scope, client.value(), Timestamp.from(period.from()), Timestamp.from(period.to()), at))
                .query((rs, n) -> new Emergency(rs.getString("cve"), rs.getTimestamp("opened_at").toInstant(),
                        rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant(), rs.getLong("devices"),
                        rs.getLong("patched"), rs.getLong("excepted"), minutes(rs.getObject("median_s")), minutes(rs.getObject("max_s"))))
                .list();
        Integer pct = devices[1] == 0 ? null : (int) (100L * devices[2] / devices[1]);
        String note = devices[0] == 0 ? "The client had no devices this month." : devices[1] == 0 ? "No device reported a patch scan by the month's end."
                : null;
        return new Patching(note, deadline, devices[0], devices[1], devices[2], pct, installed, buckets, emergencies);
    }

    private static Long minutes(Object seconds) {
        return seconds == null ? null : Math.round(((Number) seconds).doubleValue() / 60);
    }

    private static List<Object> with(TenantScope scope, Object... more) {
        return with(List.of(), scope, more);
    }

    private static List<Object> with(List<Object> before, TenantScope scope, Object... more) {
        List<Object> p = new ArrayList<>(before);
        p.addAll(scope.sqlParams());
        p.addAll(List.of(more));
        return p;
    }
}
