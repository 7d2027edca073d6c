package io.steward.server.telemetry.internal;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    private final RollupTables tables;
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
        this.tables = new RollupTables(jdbc);
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

    record Series(String metric, String instance) {
    }

    record Bucket(String metric, String instance, long bucket) {
    }

    static final class DeviceFold {
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
        tables.upsertLatest(t.devices());
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
        tables.upsertRollups("metric_minute", t.devices(), minutes);
        tables.upsertRollups("metric_hour", t.devices(), hours);
        tables.advanceMarks(t.through(), t.before());
        stored = new StoredMark(t.through());
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
}
