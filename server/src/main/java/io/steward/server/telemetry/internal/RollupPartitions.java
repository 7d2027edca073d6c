package io.steward.server.telemetry.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.TelemetryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the rollup partitions current: days and months ahead exist before samples arrive, and
 * partitions past retention are dropped whole (no row-by-row delete). The work is done by the
 * database function {@code steward_telemetry_partitions}, which runs as the schema owner.
 */
@Configuration(proxyBeanMethods = false)
public class RollupPartitions {
    private static final Logger log = LoggerFactory.getLogger(RollupPartitions.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TelemetryProperties properties;
    private volatile LocalDate checkedFor;

    RollupPartitions(JdbcClient jdbc, Clock clock, TelemetryProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Bean
    RecurringTask<Void> telemetryPartitions() {
        return Tasks.recurring("telemetry-partitions", FixedDelay.of(properties.partitionCheckInterval()))
                .execute((instance, context) -> {
                    maintain();
                    pruneStaleLatest();
                });
    }

    /**
     * Creates what is missing and drops what is past retention; returns how many partitions changed. One pass at a time
     * on this node: the ingest pipeline's start and the scheduled task may call it together, and two passes that both
     * find a partition missing both create it (the second fails with "already exists").
     */
    public synchronized int maintain() {
        int changed = TenantContext.callAsSystem(() -> jdbc.sql("SELECT steward_telemetry_partitions(?, ?, ?, ?, ?)")
                .params(Timestamp.from(clock.instant()), properties.minuteRetentionDays(), TelemetryProperties.MINUTE_AHEAD_DAYS,
                        properties.hourRetentionMonths(), TelemetryProperties.HOUR_AHEAD_MONTHS)
                .query(Integer.class).single());
        checkedFor = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (changed > 0) {
            log.info("Telemetry rollup partitions: {} created or dropped", changed);
        }
        return changed;
    }

    /**
     * Removes latest values that no sample has refreshed for the retention period: each of a
     * device's top processes, file systems and interfaces leaves a row behind when it goes, and
     * without this the device page would list them for ever. Returns how many latest values went.
     */
    public int pruneStaleLatest() {
        long before = clock.instant().minus(java.time.Duration.ofDays(properties.latestRetentionDays())).toEpochMilli();
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                        WITH stale AS (
                            SELECT l.device_id, count(*) AS gone FROM device_latest l, jsonb_each(l.latest) AS e
                            WHERE (e.value ->> 2)::int8 < :before GROUP BY l.device_id),
                        pruned AS (
                            UPDATE device_latest l SET latest = (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                                                                 FROM jsonb_each(l.latest) AS e WHERE (e.value ->> 2)::int8 >= :before)
                            FROM stale WHERE stale.device_id = l.device_id
                            RETURNING stale.gone)
                        SELECT coalesce(sum(gone), 0)::int FROM pruned""")
                .param("before", before).query(Integer.class).single());
    }

    /** Runs {@link #maintain()} once per UTC day seen by the writer, so a clock past the partitions made ahead never fails a write. */
    void ensureCurrent() {
        if (!LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).equals(checkedFor)) {
            maintain();
        }
    }
}
