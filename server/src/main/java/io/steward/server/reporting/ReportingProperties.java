package io.steward.server.reporting;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the reporting module ({@code steward.reporting.*}).
 *
 * @param scheduleEnabled   whether the previous month's report is generated and stored for every active client
 * @param scheduleDay       the day of the month (in each client's zone) from which that happens; 1 to 28
 * @param scheduleHour      the hour of that day (in the client's zone) from which that happens
 * @param scheduleInterval  how often the scheduler looks for reports that are due
 * @param capacityInterval  how often completed hours of telemetry are added to each client's monthly capacity sums
 * @param capacityLag       how long after an hour ends it is added to those sums; data arriving later than that stays
 *                          in the hourly rollups but not in the report's capacity figures
 */
@Validated
@ConfigurationProperties("steward.reporting")
public record ReportingProperties(@DefaultValue("true") boolean scheduleEnabled,
                                  @Min(1) @Max(28) @DefaultValue("2") int scheduleDay,
                                  @Min(0) @Max(23) @DefaultValue("6") int scheduleHour,
                                  @NotNull @DefaultValue("15m") Duration scheduleInterval,
                                  @NotNull @DefaultValue("15m") Duration capacityInterval,
                                  @NotNull @DefaultValue("2h") Duration capacityLag) {
}
