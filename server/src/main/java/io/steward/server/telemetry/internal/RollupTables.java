package io.steward.server.telemetry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.telemetry.internal.RollupFold.Bucket;
import io.steward.server.telemetry.internal.RollupFold.DeviceFold;
import io.steward.server.telemetry.internal.RollupFold.Latest;
import io.steward.server.telemetry.internal.RollupFold.Rollup;
import io.steward.server.telemetry.internal.RollupFold.Series;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * How {@link RollupFold} writes what it took out of memory: latest values merged into {@code device_latest}, rollups
 * added to {@code metric_minute} and {@code metric_hour}, each set-based in chunks, and then the fold's marks moved
 * and the batches entirely folded deleted. Runs inside the fold's write transaction.
 */
final class RollupTables {
    private final JdbcTemplate jdbc;

    RollupTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that every batch up to {@code through} is folded for the minutes before {@code before}. The marks only
     * grow, whatever this write took (a write after memory was lost takes nothing and knows no mark).
     */
    void advanceMarks(long through, long before) {
        jdbc.update("UPDATE telemetry_fold SET batch_through = greatest(batch_through, ?), minutes_before = greatest(minutes_before, ?) WHERE id = 1",
                through, timestamp(before));
        // A batch goes once all it holds is in the tables: its latest values (all batches up to the mark) and its minutes (all before the horizon).
        jdbc.update("DELETE FROM metric_batch WHERE id <= ? AND max_at < ?", through, timestamp(before));
    }

    private static Timestamp timestamp(long millis) {
        return millis == Long.MIN_VALUE ? Timestamp.from(Instant.EPOCH.minusSeconds(86_400L * 365 * 100)) : new Timestamp(millis);
    }

    /**
     * Merges each device's changed latest values into its {@code device_latest} row: one JSON object per device, keyed
     * {@code metric|instance}, each value {@code [value, unit, sampled at, received at]} (epoch ms). The object is
     * written here rather than built in SQL, where building it from rows cost twice as much as parsing it.
     */
    void upsertLatest(Map<UUID, DeviceFold> folds) {
        List<UUID> device = new ArrayList<>();
        List<UUID> client = new ArrayList<>();
        List<String> latest = new ArrayList<>();
        int entries = 0;
        for (var e : folds.entrySet()) {
            if (e.getValue().latest.isEmpty()) {
                continue;
            }
            device.add(e.getKey());
            client.add(e.getValue().client);
            latest.add(latestJson(e.getValue().latest));
            entries += e.getValue().latest.size();
            if (entries >= CHUNK) {
                mergeLatest(device, client, latest);
                device.clear();
                client.clear();
                latest.clear();
                entries = 0;
            }
        }
        if (!device.isEmpty()) {
            mergeLatest(device, client, latest);
        }
    }

    private static String latestJson(Map<Series, Latest> values) {
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder(values.size() * 72).append('{');
        for (var v : values.entrySet()) {
            Messages.Sample s = v.getValue().sample();
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            quote.quoteAsString(v.getKey().metric() + '|' + v.getKey().instance(), json);
            // The value is finite (the ingest refuses others), so Java's shortest form is a JSON number that reads back to the same double.
            json.append("\":[").append(s.value()).append(",\"");
            quote.quoteAsString(s.unit(), json);
            json.append("\",").append(s.at()).append(',').append(v.getValue().receivedAt()).append(']');
        }
        return json.append('}').toString();
    }

    private void mergeLatest(List<UUID> device, List<UUID> client, List<String> latest) {
        // A stored value is replaced unless it was sampled later (a spooled old batch arriving after a newer one). The
        // stored row is unfolded once (jsonb_each) rather than looked up per key, which decompressed it for every key.
        jdbc.update(con -> statement(con, """
                        INSERT INTO device_latest AS t (device_id, client_id, latest)
                        SELECT d, c, CAST(j AS jsonb) FROM unnest(?::uuid[], ?::uuid[], ?::text[]) AS u(d, c, j)
                        -- A device deleted (with its client) since its batch was acknowledged must not fail everybody's write.
                        WHERE EXISTS (SELECT 1 FROM device x WHERE x.id = u.d)
                        ON CONFLICT (device_id) DO UPDATE SET latest = (
                            SELECT jsonb_object_agg(key, CASE WHEN n.value IS NULL OR (o.value ->> 2)::int8 > (n.value ->> 2)::int8
                                                              THEN o.value ELSE n.value END)
                            FROM jsonb_each(t.latest) AS o FULL JOIN jsonb_each(EXCLUDED.latest) AS n USING (key))""",
                con.createArrayOf("uuid", device.toArray()), con.createArrayOf("uuid", client.toArray()),
                con.createArrayOf("text", latest.toArray())));
    }

    /** Rows per statement: large enough to be set-based, small enough to keep one statement's memory and lock list modest. */
    private static final int CHUNK = 20_000;

    /** Adds each device's rollups to {@code table} (one of two constants of the fold, never input), in chunks. */
    void upsertRollups(String table, Map<UUID, DeviceFold> folds, Map<UUID, Map<Bucket, Rollup>> byDevice) {
        List<Object[]> rows = new ArrayList<>();
        for (var e : byDevice.entrySet()) {
            for (var r : e.getValue().entrySet()) {
                rows.add(new Object[] {e.getKey(), folds.get(e.getKey()).client, r.getKey(), r.getValue()});
            }
        }
        for (int from = 0; from < rows.size(); from += CHUNK) {
            upsertChunk(table, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        }
    }

    /** Adds rows (device, client, Bucket, Rollup) to {@code table}. */
    private void upsertChunk(String table, List<Object[]> rows) {
        int n = rows.size();
        if (n == 0) {
            return;
        }
        UUID[] device = new UUID[n];
        UUID[] client = new UUID[n];
        String[] metric = new String[n];
        String[] instance = new String[n];
        Long[] bucket = new Long[n];
        Double[] min = new Double[n];
        Double[] max = new Double[n];
        Double[] sum = new Double[n];
        Long[] count = new Long[n];
        for (int i = 0; i < n; i++) {
            Object[] r = rows.get(i);
            Bucket b = (Bucket) r[2];
            Rollup ro = (Rollup) r[3];
            device[i] = (UUID) r[0];
            client[i] = (UUID) r[1];
            metric[i] = b.metric();
            instance[i] = b.instance();
            bucket[i] = b.bucket();
            min[i] = ro.min;
            max[i] = ro.max;
            sum[i] = ro.sum;
            count[i] = ro.count;
        }
        jdbc.update(con -> statement(con, "INSERT INTO " + table + " AS t (device_id, client_id, metric, instance, bucket, min, max, sum, count) "
                        + "SELECT d, c, m, i, timestamptz 'epoch' + b * interval '1 millisecond', mn, mx, sm, ct "
                        + "FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[]) "
                        + "AS u(d, c, m, i, b, mn, mx, sm, ct) "
                        + "ON CONFLICT (device_id, metric, instance, bucket) DO UPDATE SET min = least(t.min, EXCLUDED.min), "
                        + "max = greatest(t.max, EXCLUDED.max), sum = t.sum + EXCLUDED.sum, count = t.count + EXCLUDED.count",
                con.createArrayOf("uuid", device), con.createArrayOf("uuid", client), con.createArrayOf("text", metric),
                con.createArrayOf("text", instance), con.createArrayOf("int8", bucket), con.createArrayOf("float8", min),
                con.createArrayOf("float8", max), con.createArrayOf("float8", sum), con.createArrayOf("int8", count)));
    }

    private static PreparedStatement statement(Connection con, String sql, Object... params) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
