package io.steward.server.telemetry.internal;

import java.sql.Timestamp;
import java.time.Instant;

import io.steward.server.telemetry.SyntheticSeries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes a synthetic series' past straight into the rollups, set-based: one statement per series and table. The
 * curve is {@link SyntheticSeries#valueAt}'s (base + slope x days since the anchor + a daily sine peaking at 14:00
 * UTC + uniform noise, within [0, 100]).
 */
@Repository
public class RollupHistoryWriter {
    /** The curve of SyntheticSeries#valueAt at the instant expression {@code t}; parameters: base, slope, anchor, amplitude, noise. */
    private static String curve(String t) {
        return "greatest(0, least(100, ?::float8 + ?::float8 * extract(epoch FROM " + t + " - ?::timestamptz) / 86400.0"
                + " + ?::float8 * sin(2 * pi() * (mod(extract(epoch FROM " + t + ")::numeric, 86400) / 86400.0 - 8 / 24.0))"
                + " + ?::float8 * (random() - 0.5)))";
    }

    private final JdbcClient jdbc;

    public RollupHistoryWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Hourly rows for the hours in [from, to), each summing 60 one-minute samples around the curve at its half hour. */
    public int hours(SyntheticSeries s, Instant from, Instant to) {
        return jdbc.sql("""
                        INSERT INTO metric_hour (device_id, client_id, metric, instance, bucket, min, max, sum, count)
                        SELECT ?, ?, ?, ?, bucket, greatest(0, v - spread), least(100, v + spread), v * 60, 60
                        FROM (SELECT bucket, """ + curve("(bucket + interval '30 minutes')") + """
                         AS v, ?::float8 + 1 AS spread
                              FROM generate_series(date_trunc('hour', ?::timestamptz, 'UTC'), ?::timestamptz - interval '1 hour', interval '1 hour') AS bucket) h
                        ON CONFLICT DO NOTHING""")
                .params(s.device().value(), s.client().value(), s.metric(), s.instance(), s.base(), s.slopePerDay(), Timestamp.from(s.anchor()),
                        s.dailyAmplitude(), s.noise(), s.noise(), Timestamp.from(from), Timestamp.from(to))
                .update();
    }

    /**
     * One-minute rows for the minutes in [from, to), and their sums added to their hours, as the fold does for
     * minutes an agent sent.
     */
    public int minutes(SyntheticSeries s, Instant from, Instant to) {
        int written = jdbc.sql("""
                        INSERT INTO metric_minute (device_id, client_id, metric, instance, bucket, min, max, sum, count)
                        SELECT ?, ?, ?, ?, t, v, v, v, 1
                        FROM (SELECT t, """ + curve("t") + """
                         AS v FROM generate_series(date_trunc('minute', ?::timestamptz), ?::timestamptz - interval '1 minute', interval '1 minute') AS t) m
                        ON CONFLICT DO NOTHING""")
                .params(s.device().value(), s.client().value(), s.metric(), s.instance(), s.base(), s.slopePerDay(), Timestamp.from(s.anchor()),
                        s.dailyAmplitude(), s.noise(), Timestamp.from(from), Timestamp.from(to))
                .update();
        jdbc.sql("""
                        INSERT INTO metric_hour AS h (device_id, client_id, metric, instance, bucket, min, max, sum, count)
                        SELECT device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC'), min(min), max(max), sum(sum), sum(count)
                        FROM metric_minute WHERE device_id = ? AND metric = ? AND instance = ? AND bucket >= ? AND bucket < ?
                        GROUP BY device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC')
                        ON CONFLICT (device_id, metric, instance, bucket) DO UPDATE SET min = least(h.min, EXCLUDED.min),
                            max = greatest(h.max, EXCLUDED.max), sum = h.sum + EXCLUDED.sum, count = h.count + EXCLUDED.count""")
                .params(s.device().value(), s.metric(), s.instance(), Timestamp.from(from), Timestamp.from(to))
                .update();
        return written;
    }

    /** Removes a device's rollups of [from, to): the device sent nothing then (whole hours and minutes inside the span). */
    public int silence(java.util.UUID device, Instant from, Instant to) {
        int minutes = jdbc.sql("DELETE FROM metric_minute WHERE device_id = ? AND bucket >= ? AND bucket < ?")
                .params(device, Timestamp.from(from), Timestamp.from(to)).update();
        return minutes + jdbc.sql("""
                        DELETE FROM metric_hour WHERE device_id = ? AND bucket >= date_trunc('hour', ?::timestamptz, 'UTC')
                          AND bucket < date_trunc('hour', ?::timestamptz, 'UTC')""")
                .params(device, Timestamp.from(from), Timestamp.from(to)).update();
    }
}
