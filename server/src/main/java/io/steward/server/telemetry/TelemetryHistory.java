package io.steward.server.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.internal.RollupHistoryWriter;
import org.springframework.stereotype.Service;

/**
 * Writes the past of synthetic series (the demo's history) as the telemetry module stores what agents sent: hourly
 * rollups for the whole period and one-minute rollups, added to their hours, for its last day. Only the periods the
 * retention keeps are written (older hours and minutes have no partition, and would be dropped anyway); the partitions
 * are there from start-up on (the ingest pipeline's start makes today's), and are not made here: a partition created
 * inside a long writing transaction would stay uncommitted, and a scheduled pass creating it too would fail.
 */
@Service
public class TelemetryHistory {
    /** The recent stretch written minute by minute, as charts of the last hours read it. */
    static final Duration MINUTES = Duration.ofDays(1);

    private final RollupHistoryWriter writer;
    private final TelemetryProperties properties;
    private final Clock clock;

    public TelemetryHistory(RollupHistoryWriter writer, TelemetryProperties properties, Clock clock) {
        this.writer = writer;
        this.properties = properties;
        this.clock = clock;
    }

    /** What was written: hourly and one-minute rows. */
    public record Written(long hours, long minutes) {
    }

    /**
     * Writes each series from {@code from} up to now (rows that exist already stay as they are), in the caller's
     * transaction if there is one. System scope: the series name their devices and clients.
     */
    public Written backfill(List<SyntheticSeries> series, Instant from) {
        return TenantContext.callAsSystem(() -> {
            Instant now = clock.instant();
            Instant oldestKept = now.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).minusMonths(properties.hourRetentionMonths())
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant start = from.isBefore(oldestKept) ? oldestKept : from;
            // Whole hours before the minute stretch; the minute stretch adds its own hours.
            Instant minutesFrom = now.minus(MINUTES).truncatedTo(ChronoUnit.HOURS);
            long hours = 0;
            long minutes = 0;
            for (SyntheticSeries s : series) {
                if (start.isBefore(minutesFrom)) {
                    hours += writer.hours(s, start, minutesFrom);
                }
                minutes += writer.minutes(s, minutesFrom.isBefore(start) ? start : minutesFrom, now);
            }
            return new Written(hours, minutes);
        });
    }

    /**
     * Takes a device's rollups of [from, to) out again, for an outage in the history: a device that was down sent
     * nothing. Hours the outage only partly covers keep their row. System scope.
     */
    public int silence(io.steward.server.shared.DeviceId device, Instant from, Instant to) {
        return TenantContext.callAsSystem(() -> writer.silence(device.value(), from, to));
    }
}
