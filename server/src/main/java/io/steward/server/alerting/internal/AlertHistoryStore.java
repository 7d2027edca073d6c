package io.steward.server.alerting.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of {@link io.steward.server.alerting.AlertHistory}. */
@Repository
public class AlertHistoryStore {
    private final JdbcClient jdbc;

    public AlertHistoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A resolved alert as it was; the policy must be one the client sees (MSP-wide or its own). */
    public UUID insertResolved(UUID device, UUID client, UUID policy, String instance, Instant openedAt, Instant resolvedAt, double lastValue,
                               UUID ticket) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, resolved_at, last_value, ticket_id)
                        SELECT ?, d.id, d.client_id, p.id, ?, 'RESOLVED', ?, ?, ?, ?
                        FROM device d JOIN alert_policy p ON p.id = ? AND (p.client_id IS NULL OR p.client_id = d.client_id)
                        WHERE d.id = ? AND d.client_id = ?""")
                .params(id, instance, Timestamp.from(openedAt), Timestamp.from(resolvedAt), lastValue, ticket, policy, device, client)
                .update();
        return id;
    }

    /** Daily high-water marks of a file system; a higher mark already stored stays. */
    public void dailyHighs(UUID device, UUID client, String instance, Map<LocalDate, Double> highs) {
        highs.forEach((day, pct) -> jdbc.sql("""
                        INSERT INTO fs_daily_high AS f (device_id, client_id, instance, day, used_pct) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (device_id, instance, day) DO UPDATE SET used_pct = greatest(f.used_pct, EXCLUDED.used_pct)""")
                .params(device, client, instance, Date.valueOf(day), pct).update());
    }
}
