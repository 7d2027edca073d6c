package io.steward.server.alerting;

import java.time.Duration;

import io.steward.server.alerting.internal.DiskFillForecast;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the alerting module ({@code steward.alerting.*}).
 *
 * @param flapFlips        more raises and clears than this within {@code flapWindow} is flapping: the alert stays open
 * @param flapWindow       the period flips are counted over, and how long a flapping alert must stay recovered to clear
 * @param refireWindow     an alert that fires again this soon after its last one cleared reuses that incident
 * @param policyCacheTtl   how long a node trusts its cached policies and device profiles (changes on the same node apply at once)
 * @param forecastHorizonDays a disk predicted full within this many days gets a service request (default 7, chosen with the
 *                         forecast benchmark: a longer horizon raised more requests for disks cleaned up before they filled)
 * @param stormAlertsPerMinute from this many alerts of one client within a minute on, its new alerts join one "alert storm"
 *                         incident instead of opening one each (every alert is still recorded)
 * @param hookMaxBytes     the largest body an inbound alert hook reads (larger: 413); Alertmanager's groups of a few hundred alerts fit
 */
@Validated
@ConfigurationProperties("steward.alerting")
public record AlertingProperties(@Min(1) @Max(100) @DefaultValue("4") int flapFlips,
                                 @NotNull @DefaultValue("30m") Duration flapWindow,
                                 @NotNull @DefaultValue("2h") Duration refireWindow,
                                 @NotNull @DefaultValue("60s") Duration policyCacheTtl,
                                 @Min(1) @Max(90) @DefaultValue("" + DiskFillForecast.DEFAULT_HORIZON_DAYS) int forecastHorizonDays,
                                 @Min(1024) @Max(16777216) @DefaultValue("524288") int hookMaxBytes,
                                 @Min(1) @Max(1_000_000) @DefaultValue("30") int stormAlertsPerMinute) {
}
