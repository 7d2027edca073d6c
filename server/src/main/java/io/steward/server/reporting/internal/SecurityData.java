package io.steward.server.reporting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.steward.server.reporting.MonthlyReport.Security;
import io.steward.server.reporting.MonthlyReport.SecurityEpisode;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.security.DetectionTimes;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a month's security checks (read-only over the security module's tables): failing at the month's end, the month's episodes, MTTD/MTTR. */
@Repository
class SecurityData {
    /** The month's episodes listed in the report; the figures count them all. */
    static final int LISTED = 50;

    private final JdbcClient jdbc;

    SecurityData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Security security(TenantScope scope, ClientId client, ReportPeriod period) {
        Timestamp at = Timestamp.from(period.asOf());
        Timestamp from = Timestamp.from(period.from());
        Timestamp to = Timestamp.from(period.to());
        String scoped = TenantScope.sqlCondition("e.client_id") + " AND e.client_id = ?";
        long reporting = jdbc.sql("SELECT count(DISTINCT r.device_id) FROM security_result r WHERE " + TenantScope.sqlCondition("r.client_id")
                + " AND r.client_id = ? AND r.received_at <= ?").params(with(scope, client.value(), at)).query(Long.class).single();
        String select = "SELECT d.hostname, e.check_id, e.began_at, e.detected_at, CASE WHEN e.fixed_at <= ? THEN e.fixed_at END AS fixed_at "
                + "FROM security_episode e JOIN device d ON d.id = e.device_id WHERE ";
        List<SecurityEpisode> failing = jdbc.sql(select + scoped + " AND e.detected_at <= ? AND (e.fixed_at IS NULL OR e.fixed_at > ?) "
                        + "ORDER BY e.detected_at, d.hostname, e.check_id")
                .params(with(List.of(at), scope, client.value(), at, at)).query((rs, n) -> episode(rs)).list();
        List<SecurityEpisode> month = jdbc.sql(select + scoped + " AND e.detected_at >= ? AND e.detected_at < ? AND e.detected_at <= ? "
                        + "ORDER BY e.detected_at, d.hostname, e.check_id")
                .params(with(List.of(at), scope, client.value(), from, to, at)).query((rs, n) -> episode(rs)).list();
        DetectionTimes.Month m = DetectionTimes.of(month.stream().map(e -> new DetectionTimes.Episode(e.beganAt(), e.detectedAt(), e.fixedAt()))
                .toList(), period.from(), period.to(), period.asOf());
        String note = reporting == 0 ? "No device reported security checks by the month's end." : null;
        return new Security(note, reporting, failing, m.detected(), m.mttr().count(), m.stillOpen(), m.mttd().medianMinutes(), m.mttd().meanMinutes(),
                m.mttr().medianMinutes(), m.mttr().meanMinutes(), month.size() <= LISTED ? month : month.subList(month.size() - LISTED, month.size()));
    }

    private static SecurityEpisode episode(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SecurityEpisode(rs.getString("hostname"), rs.getString("check_id"), instant(rs.getTimestamp("began_at")),
                instant(rs.getTimestamp("detected_at")), instant(rs.getTimestamp("fixed_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<Object> with(TenantScope scope, Object... more) {
        return with(List.of(), scope, more);
    }

    private static List<Object> with(List<Object> before, TenantScope scope, Object... more) {
        List<Object> p = new java.util.ArrayList<>(before);
        p.addAll(scope.sqlParams());
        p.addAll(List.of(more));
        return p;
    }
}
