package io.steward.server.servicedesk;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the service desk ({@code steward.servicedesk.*}).
 *
 * @param reopenWindow how long after resolution a ticket may be reopened
 */
@Validated
@ConfigurationProperties("steward.servicedesk")
public record ServiceDeskProperties(@NotNull @DefaultValue("7d") Duration reopenWindow) {
}
