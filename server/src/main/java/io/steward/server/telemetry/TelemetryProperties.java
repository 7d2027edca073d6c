package io.steward.server.telemetry;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the telemetry module ({@code steward.telemetry.*}).
 *
 * @param queueSamples               samples that may wait for the batch writer; beyond that agents get 503 with Retry-After
 * @param transactionSamples         most samples the writer puts in one transaction
 * @param ackTimeout                 how long an agent's request waits for its batch to commit before it gets 503 (the batch may
 *                                   still commit; the agent's resend is then acknowledged as a duplicate)
 * @param retryAfterSeconds          the shortest wait told when the queue is full (longer while the queue takes longer to drain)
 * @param minuteRetentionDays        days of 1-minute rollups kept (daily partitions)
 * @param hourRetentionMonths        months of hourly rollups kept (monthly partitions)
 * @param partitionCheckInterval     how often partitions are created ahead and dropped past retention
 * @param latestRetentionDays        latest values not reported for this long are removed (a disk taken out, a process long gone)
 * @param foldInterval               how often the latest values and the closed minutes folded in memory from acknowledged batches
 *                                   are written to device_latest and metric_minute (reads through the API see them at once)
 */
@Validated
@ConfigurationProperties("steward.telemetry")
public record TelemetryProperties(
        @Min(5_000) @Max(50_000_000) @DefaultValue("500000") int queueSamples,
        @Min(100) @Max(1_000_000) @DefaultValue("50000") int transactionSamples,
        @NotNull @DefaultValue("30s") Duration ackTimeout,
        @Min(1) @Max(600) @DefaultValue("2") int retryAfterSeconds,
        @Min(2) @Max(366) @DefaultValue("8") int minuteRetentionDays,
        @Min(1) @Max(120) @DefaultValue("13") int hourRetentionMonths,
        @NotNull @DefaultValue("1h") Duration partitionCheckInterval,
        @Min(1) @Max(3650) @DefaultValue("30") int latestRetentionDays,
        @NotNull @DefaultValue("20s") Duration foldInterval) {

    public TelemetryProperties {
        if (ackTimeout != null && (ackTimeout.isNegative() || ackTimeout.toMillis() < 100 || ackTimeout.toMinutes() > 10)) {
            throw new IllegalArgumentException("steward.telemetry.ack-timeout must be between 100ms and 10m");
        }
        if (partitionCheckInterval != null && (partitionCheckInterval.toSeconds() < 10 || partitionCheckInterval.toHours() > 24)) {
            throw new IllegalArgumentException("steward.telemetry.partition-check-interval must be between 10s and 24h");
        }
        if (foldInterval != null && (foldInterval.toMillis() < 100 || foldInterval.toMinutes() > 10)) {
            throw new IllegalArgumentException("steward.telemetry.fold-interval must be between 100ms and 10m");
        }
    }

    /** Days of 1-minute partitions made ahead of today. */
    public static final int MINUTE_AHEAD_DAYS = 3;
    /** Months of hourly partitions made ahead of this month. */
    public static final int HOUR_AHEAD_MONTHS = 2;
}
