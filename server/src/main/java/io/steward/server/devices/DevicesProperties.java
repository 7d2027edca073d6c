package io.steward.server.devices;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the devices module ({@code steward.devices.*}).
 *
 * @param heartbeatSeconds how often agents report in; a device is offline after three missed heartbeats
 */
@Validated
@ConfigurationProperties("steward.devices")
public record DevicesProperties(@Min(5) @Max(3600) @DefaultValue("30") int heartbeatSeconds) {
}
