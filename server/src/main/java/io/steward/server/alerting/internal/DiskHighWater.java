package io.steward.server.alerting.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.protocol.Messages;
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

    private record Mark(LocalDate day, double value) {
    }

    private final JdbcClient jdbc;
    private final Map<Key, Mark> written = new ConcurrentHashMap<>();

    public DiskHighWater(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    public void on(SamplesAccepted accepted) {
        java.util.List<Key> marked = new java.util.ArrayList<>();
        for (Messages.Sample s : accepted.samples()) {
            if (!METRIC.equals(s.metric()) || !Double.isFinite(s.value())) {
                continue;
            }
            String instance = s.instance() == null ? "" : s.instance();
            Key key = new Key(accepted.device().deviceId().value(), instance);
            LocalDate day = Instant.ofEpochMilli(s.at()).atZone(ZoneOffset.UTC).toLocalDate();
            Mark last = written.get(key);
            if (last != null && (day.isBefore(last.day()) || (day.equals(last.day()) && s.value() < last.value() + STEP))) {
                continue;
            }
            jdbc.sql("""
                    INSERT INTO fs_daily_high (device_id, client_id, instance, day, used_pct) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (device_id, instance, day) DO UPDATE SET used_pct = GREATEST(fs_daily_high.used_pct, EXCLUDED.used_pct)""")
                    .params(key.device(), accepted.device().clientId().value(), instance, Date.valueOf(day), s.value()).update();
            written.put(key, new Mark(day, s.value()));
            marked.add(key);
        }
        if (!marked.isEmpty() && org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // A rolled-back batch comes again: the marks it set must not make its retry skip the write.
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            if (status != STATUS_COMMITTED) {
                                marked.forEach(written::remove);
                            }
                        }
                    });
        }
    }
}
