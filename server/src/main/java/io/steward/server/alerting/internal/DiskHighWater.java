package io.steward.server.alerting.internal;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.protocol.Messages;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each file system's daily (UTC) high-water mark of used % for the fill forecast. The mark
 * this node last wrote is held in memory, and a sample writes only when it starts a new day or
 * beats that mark by {@link #STEP} points, so a disk writes a handful of rows a day, not one per
 * sample. After a restart the first sample of each file system writes once (GREATEST keeps the
 * higher mark).
 */
@Component
public class DiskHighWater {
    static final String METRIC = "fs.used_pct";
    static final double STEP = 0.1;

    private record Key(java.util.UUID device, String instance) {
    }

    /** The mark last written of a file system: its UTC day (days since the epoch) and value. */
    private record Mark(long day, double value) {
    }

    private static final long DAY_MILLIS = 86_400_000L;

    private final JdbcClient jdbc;
    /** Per device, per file system: the mark last written (one look-up per batch, then one per sample by file system). */
    private final Map<java.util.UUID, Map<String, Mark>> written = new ConcurrentHashMap<>();

    public DiskHighWater(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the new daily highs of a client's batches of one write with one statement. */
    @EventListener
    public void on(ClientSamplesAccepted accepted) {
        java.util.List<Key> marked = new java.util.ArrayList<>();
        // The highest new mark per (file system, day) of these batches, written with one statement for all of them.
        Map<Key, Map<LocalDate, Double>> rows = new java.util.LinkedHashMap<>();
        for (SamplesAccepted batch : accepted.batches()) {
            collect(batch, rows, marked);
        }
        if (!rows.isEmpty()) {
            java.util.List<String> devices = new java.util.ArrayList<>();
            java.util.List<String> instances = new java.util.ArrayList<>();
            java.util.List<String> days = new java.util.ArrayList<>();
            java.util.List<Double> values = new java.util.ArrayList<>();
            rows.forEach((key, byDay) -> byDay.forEach((day, value) -> {
                devices.add(key.device().toString());
                instances.add(key.instance());
                days.add(day.toString());
                values.add(value);
            }));
            jdbc.sql("""
                    INSERT INTO fs_daily_high (device_id, client_id, instance, day, used_pct)
                    SELECT d, ?, i, CAST(y AS date), v FROM unnest(CAST(CAST(? AS text[]) AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS float8[])) AS u(d, i, y, v)
                    ON CONFLICT (device_id, instance, day) DO UPDATE SET used_pct = GREATEST(fs_daily_high.used_pct, EXCLUDED.used_pct)""")
                    .params(accepted.clientId().value(), devices.toArray(String[]::new), instances.toArray(String[]::new),
                            days.toArray(String[]::new), values.toArray(Double[]::new))
                    .update();
        }
        if (!marked.isEmpty() && org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // A rolled-back batch comes again: the marks it set must not make its retry skip the write.
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            if (status != STATUS_COMMITTED) {
                                for (Key k : marked) {
                                    Map<String, Mark> marks = written.get(k.device());
                                    if (marks != null) {
                                        marks.remove(k.instance());
                                    }
                                }
                            }
                        }
                    });
        }
    }

    private void collect(SamplesAccepted accepted, Map<Key, Map<LocalDate, Double>> rows, java.util.List<Key> marked) {
        java.util.UUID device = accepted.device().deviceId().value();
        Map<String, Mark> marks = null;
        for (Messages.Sample s : accepted.samples()) {
            if (!METRIC.equals(s.metric()) || !Double.isFinite(s.value())) {
                continue;
            }
            if (marks == null) {
                marks = written.computeIfAbsent(device, k -> new ConcurrentHashMap<>());
            }
            String instance = s.instance() == null ? "" : s.instance();
            long day = Math.floorDiv(s.at(), DAY_MILLIS);
            Mark last = marks.get(instance);
            if (last != null && (day < last.day() || (day == last.day() && s.value() < last.value() + STEP))) {
                continue;
            }
            Key key = new Key(device, instance);
            rows.computeIfAbsent(key, k -> new java.util.TreeMap<>()).merge(LocalDate.ofEpochDay(day), s.value(), Math::max);
            marks.put(instance, new Mark(day, s.value()));
            marked.add(key);
        }
    }
}
