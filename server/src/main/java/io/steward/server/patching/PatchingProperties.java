package io.steward.server.patching;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the patching module ({@code steward.patching.*}); the one properties record of the module.
 *
 * @param cycleInterval how often Steward looks for patch cycles that are due, rings that may go on and failed installs
 *                      to retry (db-scheduler, one node at a time)
 * @param outstandingRefresh how often the fleet-wide list of outstanding updates is recomputed for the clients whose
 *                      devices sent scans since (db-scheduler); a chosen client's list is always read live
 * @param cycleCatchUpDays a standard cycle day missed (Steward was not running that day) still starts its cycle this
 *                      many days later; 0 for never
 */
@Validated
@ConfigurationProperties("steward.patching")
public record PatchingProperties(@DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("5m") Duration cycleInterval,
                                 @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("1m") Duration outstandingRefresh,
                                 @Min(0) @Max(14) @DefaultValue("3") int cycleCatchUpDays) {
}
