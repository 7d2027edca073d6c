package io.steward.server.backup;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the backup module ({@code steward.backup.*}); the one properties record of the module.
 *
 * @param sweepInterval   how often Steward judges every job against its objectives (jobs whose agent stopped reporting
 *                        age there) and prepares the restore tests that are due (db-scheduler, one node at a time)
 * @param historyPerJob   attempts kept per job, newest first
 * @param evidenceHours   how long the RPO and coverage facts count for compliance after they were established
 */
@Validated
@ConfigurationProperties("steward.backup")
public record BackupProperties(@DurationMin(seconds = 1) @DurationMax(hours = 6) @DefaultValue("15m") Duration sweepInterval,
                               @Min(10) @Max(10_000) @DefaultValue("200") int historyPerJob,
                               @Min(1) @Max(720) @DefaultValue("48") int evidenceHours) {
}
