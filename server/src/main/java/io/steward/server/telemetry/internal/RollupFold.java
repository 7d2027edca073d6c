package io.steward.server.telemetry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.steward.protocol.Messages;
import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.TelemetryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Folds acknowledged batches into latest values and 1-minute rollups in memory and writes them in
 * bulk, so that a sample costs no row of its own at acknowledgement time: the batch writer stores one
 * {@code metric_batch} row per batch, and this fold writes each (series, minute) row about once, when
 * the minute has closed, and each changed latest value once per {@link TelemetryProperties#foldInterval()}.
 * <p>
 * Invariant (the {@code telemetry_fold} row, written in the same transaction as the rollups): every
 * batch with id {@code <= batchThrough} has its samples of minutes before {@code minutesBefore} in
 * {@code metric_minute} and its latest values in {@code device_latest}; its samples of later minutes
 * are in memory only. Batches past {@code batchThrough} are in memory only. Both marks only grow. A
 * {@code metric_batch} row is deleted once it is entirely folded; after a crash, {@link #recover}
 * folds the rows left again from exactly that state, so an acknowledged sample is counted once.
 * <p>
 * Reads ({@link #overlayLatest}, {@link #overlaySeries}) add what is still in memory to what they read
 * from the tables, under a lock that a write holds from taking data out of memory until its commit.
 */
@Component
public class RollupFold {
    private static final Logger log = LoggerFactory.getLogger(RollupFold.class);
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    /** A minute is written this long after it closed, so that samples sent at its end are in. */
    private static final long GRACE = 5_000L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RollupPartitions partitions;
    private final TelemetryProperties properties;
    private final Clock clock;
    /** Writers of the fold hold it exclusively from taking data out of memory until their commit; reads share it. */
    private final ReentrantReadWriteLock visible = new ReentrantReadWriteLock();
    private final Object writing = new Object();
    /** Guards the fields below; held only for map operations, never across SQL. */
    private final Object memory = new Object();
    private Map<UUID, DeviceFold> devices = new HashMap<>();
    private long batchThrough;
    private long minutesBefore = Long.MIN_VALUE;

    RollupFold(JdbcTemplate jdbc, PlatformTransactionManager transactions, RollupPartitions partitions, TelemetryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.partitions = partitions;
        this.properties = properties;
        this.clock = clock;
    }

    /** A minute rollup of one series. */
    public static final class Rollup {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
        }

        void merge(Rollup other) {
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
            sum += other.sum;
            count += other.count;
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }

        public double sum() {
            return sum;
        }

        public long count() {
            return count;
        }
    }

    /** A latest value not written yet. */
    public record Latest(Messages.Sample sample, long receivedAt) {
    }

    private record Series(String metric, String instance) {
    }

    private record Bucket(String metric, String instance, long bucket) {
    }

    private static final class DeviceFold {
        final UUID client;
        final Map<Series, Latest> latest = new HashMap<>();
        final Map<Bucket, Rollup> minutes = new HashMap<>();

        DeviceFold(UUID client) {
            this.client = client;
        }

        boolean isEmpty() {
            return latest.isEmpty() && minutes.isEmpty();
        }
    }

    /**
     * Adds batches whose transaction committed (ids up to {@code throughId}, in id order across calls).
     * Called by the batch writer before it acknowledges them, so a read after the acknowledgement sees them.
     */
    void add(List<SampleWriter.DeviceBatch> batches, long throughId) {
        long now = clock.millis();
        synchronized (memory) {
            for (SampleWriter.DeviceBatch b : batches) {
                fold(b.device().deviceId().value(), b.device().clientId().value(), b.samples(), b.receivedAt().toEpochMilli(), true,
                        Long.MIN_VALUE, now);
            }
            batchThrough = Math.max(batchThrough, throughId);
        }
    }

    private void fold(UUID device, UUID client, List<Messages.Sample> samples, long receivedAt, boolean withLatest, long bucketsFrom, long now) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        long minuteFrom = today.minusDays(properties.minuteRetentionDays()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long minuteTo = today.plusDays(TelemetryProperties.MINUTE_AHEAD_DAYS + 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        DeviceFold d = devices.computeIfAbsent(device, k -> new DeviceFold(client));
        for (Messages.Sample s : samples) {
            String instance = s.instance() == null ? "" : s.instance();
            if (withLatest) {
                d.latest.merge(new Series(s.metric(), instance), new Latest(s, receivedAt),
                        (old, neu) -> neu.sample().at() >= old.sample().at() ? neu : old);
            }
            long bucket = Math.floorDiv(s.at(), MINUTE) * MINUTE;
            // Older than retention or beyond the partitions made ahead: the latest value still counts, the rollup would be dropped anyway.
            if (s.at() >= minuteFrom && s.at() < minuteTo && bucket >= bucketsFrom) {
                d.minutes.computeIfAbsent(new Bucket(s.metric(), instance, bucket), k -> new Rollup()).add(s.value());
            }
        }
    }

    /** Writes the changed latest values and the minutes closed by now; the fold's timer calls it. */
    public void write() {
        write(clock.millis() - GRACE);
    }

    /**
     * Writes the changed latest values and every minute that starts before {@code horizonMillis}
     * (rounded down to a minute; never before the last write's horizon). Returns false when the
     * write failed (what it took out of memory is put back and written next time), or memory was lost and is not recovered yet.
     */
    public boolean write(long horizonMillis) {
        synchronized (writing) {
            if (lost) {
                return false;
            }
            visible.writeLock().lock();
            Taken taken = null;
            try {
                taken = take(Math.floorDiv(horizonMillis, MINUTE) * MINUTE);
                if (taken.isEmpty() && taken.through == taken.previousThrough && taken.before == taken.previousBefore) {
                    return true;
                }
                Taken t = taken;
                TenantContext.runAsSystem(() -> {
                    partitions.ensureCurrent();
                    transaction.executeWithoutResult(status -> store(t));
                });
                return true;
            } catch (RuntimeException e) {
                log.error("Writing the telemetry fold failed; it is kept in memory and written again", e);
                if (taken != null) {
                    putBack(taken);
                }
                return false;
            } finally {
                visible.writeLock().unlock();
            }
        }
    }

    private record Taken(Map<UUID, DeviceFold> devices, long through, long before, long previousThrough, long previousBefore) {
        boolean isEmpty() {
            return devices.isEmpty();
        }
    }

    private Taken take(long horizon) {
        synchronized (memory) {
            long previousBefore = minutesBefore;
            long before = Math.max(minutesBefore, horizon);
            // Minutes whose partition retention has dropped (or is about to) are given up rather than fail the write for good.
            long oldest = LocalDate.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC).minusDays(properties.minuteRetentionDays())
                    .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            Map<UUID, DeviceFold> out = new HashMap<>();
            for (Iterator<Map.Entry<UUID, DeviceFold>> it = devices.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                DeviceFold d = e.getValue();
                DeviceFold o = new DeviceFold(d.client);
                o.latest.putAll(d.latest);
                d.latest.clear();
                for (Iterator<Map.Entry<Bucket, Rollup>> m = d.minutes.entrySet().iterator(); m.hasNext(); ) {
                    var r = m.next();
                    if (r.getKey().bucket() < oldest) {
                        m.remove();
                    } else if (r.getKey().bucket() < before) {
                        o.minutes.put(r.getKey(), r.getValue());
                        m.remove();
                    }
                }
                if (!o.isEmpty()) {
                    out.put(e.getKey(), o);
                }
                if (d.isEmpty()) {
                    it.remove();
                }
            }
            minutesBefore = before;
            return new Taken(out, batchThrough, before, stored.through, previousBefore);
        }
    }

    /** What the last successful write recorded (for telling whether a write changes anything). */
    private volatile StoredMark stored = new StoredMark(0);

    private record StoredMark(long through) {
    }

    private void putBack(Taken t) {
        synchronized (memory) {
            for (var e : t.devices().entrySet()) {
                DeviceFold d = devices.computeIfAbsent(e.getKey(), k -> new DeviceFold(e.getValue().client));
                e.getValue().latest.forEach((k, v) -> d.latest.merge(k, v, (mine, taken) -> mine.sample().at() >= taken.sample().at() ? mine : taken));
                e.getValue().minutes.forEach((k, v) -> d.minutes.merge(k, v, (mine, taken) -> {
                    mine.merge(taken);
                    return mine;
                }));
            }
            // The marks in the table did not move; minutesBefore in memory may stay ahead (it only grows), as nothing before it is left out.
        }
    }

    private void store(Taken t) {
        upsertLatest(t.devices());
        // Each minute is written once, when it has closed (a late sample adds to its row), and goes to its hour in the
        // same statement group: no second pass rewrites every minute row to mark it counted.
        Map<UUID, Map<Bucket, Rollup>> minutes = new HashMap<>();
        Map<UUID, Map<Bucket, Rollup>> hours = new HashMap<>();
        for (var d : t.devices().entrySet()) {
            minutes.put(d.getKey(), d.getValue().minutes);
            for (var m : d.getValue().minutes.entrySet()) {
                Bucket minute = m.getKey();
                hours.computeIfAbsent(d.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(new Bucket(minute.metric(), minute.instance(), Math.floorDiv(minute.bucket(), HOUR) * HOUR), k -> new Rollup())
                        .merge(m.getValue());
            }
        }
        upsertRollups("metric_minute", t.devices(), minutes);
        upsertRollups("metric_hour", t.devices(), hours);
        // The marks only grow, whatever this write took (a write after memory was lost takes nothing and knows no mark).
        jdbc.update("UPDATE telemetry_fold SET batch_through = greatest(batch_through, ?), minutes_before = greatest(minutes_before, ?) WHERE id = 1",
                t.through(), timestamp(t.before()));
        // A batch goes once all it holds is in the tables: its latest values (all batches up to the mark) and its minutes (all before the horizon).
        jdbc.update("DELETE FROM metric_batch WHERE id <= ? AND max_at < ?", t.through(), timestamp(t.before()));
        stored = new StoredMark(t.through());
    }

    private static Timestamp timestamp(long millis) {
        return millis == Long.MIN_VALUE ? Timestamp.from(Instant.EPOCH.minusSeconds(86_400L * 365 * 100)) : new Timestamp(millis);
    }

    /**
     * What a crash does to the fold: everything in memory is gone (for tests of {@link #recover}). Between two
     * writes, as a crash would be: a write under way finishes first.
     */
    void forgetMemory() {
        synchronized (writing) {
            synchronized (memory) {
                devices = new HashMap<>();
                batchThrough = 0;
                minutesBefore = Long.MIN_VALUE;
            }
            // As after a real crash, nothing is written until recovery has read the marks again.
            lost = true;
        }
    }

    /** Set by {@link #forgetMemory} until {@link #recover}; guarded by {@code writing}. */
    private boolean lost;

    /**
     * Folds into memory what the last run left in {@code metric_batch}, from the marks in
     * {@code telemetry_fold}, and writes what is due. Runs at start-up before the batch writer
     * starts (a batch committed during the scan would be folded twice). No write of the fold runs
     * between reading the marks and folding the rows they leave out.
     */
    void recover() {
        synchronized (writing) {
            scanUnwritten();
            lost = false;
        }
        write();
    }

    private void scanUnwritten() {
        TenantContext.runAsSystem(() -> transaction.executeWithoutResult(status -> {
            long[] mark = jdbc.queryForObject("SELECT batch_through, CASE WHEN minutes_before = '-infinity' THEN NULL "
                            + "ELSE (extract(epoch FROM minutes_before) * 1000)::int8 END FROM telemetry_fold WHERE id = 1",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getObject(2) == null ? Long.MIN_VALUE : rs.getLong(2)});
            long now = clock.millis();
            long[] count = new long[2];
            synchronized (memory) {
                batchThrough = mark[0];
                minutesBefore = mark[1];
                jdbc.query(con -> {
                    PreparedStatement ps = con.prepareStatement("SELECT id, device_id, client_id, (extract(epoch FROM received_at) * 1000)::int8, samples "
                            + "FROM metric_batch ORDER BY id");
                    ps.setFetchSize(500);
                    return ps;
                }, rs -> {
                    long id = rs.getLong(1);
                    boolean folded = id <= mark[0];
                    // Folded batches: only their minutes at or after the horizon are missing from the tables.
                    fold(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), BatchCodec.decode(rs.getBytes(5)), rs.getLong(4), !folded,
                            folded ? mark[1] : Long.MIN_VALUE, now);
                    batchThrough = Math.max(batchThrough, id);
                    count[folded ? 0 : 1]++;
                });
            }
            stored = new StoredMark(mark[0]);
            if (count[0] + count[1] > 0) {
                log.info("Telemetry fold recovered {} batches not yet in the rollups and {} partly in them", count[1], count[0]);
            }
        }));
    }

    /** The latest values of a device not written yet (read under {@link #readLock}). */
    public Map<String, Latest> pendingLatest(UUID device) {
        synchronized (memory) {
            DeviceFold d = devices.get(device);
            Map<String, Latest> out = new HashMap<>();
            if (d != null) {
                d.latest.forEach((k, v) -> out.put(k.metric() + "\u0000" + k.instance(), v));
            }
            return out;
        }
    }

    /** The minutes of one series not written yet, by bucket start (epoch ms) (read under {@link #readLock}). */
    public Map<Long, Rollup> pendingMinutes(UUID device, String metric, String instance) {
        synchronized (memory) {
            DeviceFold d = devices.get(device);
            Map<Long, Rollup> out = new HashMap<>();
            if (d != null) {
                d.minutes.forEach((k, v) -> {
                    if (k.metric().equals(metric) && k.instance().equals(instance)) {
                        Rollup copy = new Rollup();
                        copy.merge(v);
                        out.put(k.bucket(), copy);
                    }
                });
            }
            return out;
        }
    }

    /**
     * Held by a read of the tables plus {@link #pendingLatest}/{@link #pendingMinutes}: no write of the
     * fold moves data from memory to the tables in between, so nothing is seen twice or missed.
     */
    public java.util.concurrent.locks.Lock readLock() {
        return visible.readLock();
    }

    /**
     * Merges each device's changed latest values into its {@code device_latest} row: one JSON object per device, keyed
     * {@code metric|instance}, each value {@code [value, unit, sampled at, received at]} (epoch ms). The object is
     * written here rather than built in SQL, where building it from rows cost twice as much as parsing it.
     */
    private void upsertLatest(Map<UUID, DeviceFold> folds) {
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

    /** Adds each device's rollups to {@code table} (one of two constants of this class, never input), in chunks. */
    private void upsertRollups(String table, Map<UUID, DeviceFold> folds, Map<UUID, Map<Bucket, Rollup>> byDevice) {
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
