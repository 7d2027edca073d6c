package io.steward.server.devices;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the devices module ({@code steward.devices.*}).
 *
 * @param heartbeatSeconds       how often agents report in; a device is offline after three missed heartbeats
 * @param agentRequestsPerSecond signed requests per second one device may send on average (per server node)
 * @param agentRequestBurst      signed requests one device may send at once before the average applies (429 beyond)
 */
@Validated
@ConfigurationProperties("steward.devices")
public record DevicesProperties(@Min(5) @Max(3600) @DefaultValue("30") int heartbeatSeconds,
                                @DecimalMin("0.01") @DecimalMax("10000") @DefaultValue("5") double agentRequestsPerSecond,
                                @Min(1) @Max(100_000) @DefaultValue("30") int agentRequestBurst) {
}
