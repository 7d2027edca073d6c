package io.steward.server.telemetry.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.shared.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Folds closed 1-minute rollups into their hourly rollup, once each: one statement marks the
 * minute rows folded and adds them to their hours, so a minute is never counted twice and never
 * missed. Row locks order it against the batch writer: a writer that updates a minute row after
 * it was folded sees {@code folded} and adds its part to the hour itself.
 * <p>
 * Minutes are folded two minutes after they close, when nearly all of their samples are in;
 * hourly figures therefore trail the clock by a few minutes.
 */
@Configuration(proxyBeanMethods = false)
public class MinuteFold {
    static final Duration SETTLE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final Clock clock;

    MinuteFold(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Bean
    RecurringTask<Void> telemetryMinuteFold() {
        return Tasks.recurring("telemetry-minute-fold", FixedDelay.of(Duration.ofMinutes(1))).execute((instance, context) -> fold(clock.instant()));
    }

    /** Folds every minute that closed at least {@link #SETTLE} before {@code now}; returns the hourly rows written. */
    public int fold(Instant now) {
        long cutoff = Math.floorDiv(now.minus(SETTLE).toEpochMilli(), 60_000L) * 60_000L;
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                WITH f AS (
                    UPDATE metric_minute SET folded = true WHERE NOT folded AND bucket < ?
                    RETURNING device_id, client_id, metric, instance, bucket, min, max, sum, count)
                INSERT INTO metric_hour AS t (device_id, client_id, metric, instance, bucket, min, max, sum, count)
                SELECT device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC'), min(min), max(max), sum(sum), sum(count)
                FROM f GROUP BY device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC')
                ON CONFLICT (device_id, metric, instance, bucket) DO UPDATE SET min = least(t.min, EXCLUDED.min),
                    max = greatest(t.max, EXCLUDED.max), sum = t.sum + EXCLUDED.sum, count = t.count + EXCLUDED.count""")
                .param(Timestamp.from(Instant.ofEpochMilli(cutoff)))
                .update());
    }
}
