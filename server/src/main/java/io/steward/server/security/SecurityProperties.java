package io.steward.server.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the security-checks module ({@code steward.security.*}); the one properties record of the module.
 *
 * @param evidencePeriods how many of a client's plan periods ({@code everyMinutes}) a check's compliance evidence stays
 *                        fresh after the oldest of its devices' latest evaluations: agents that stop reporting make it stale
 * @param episodesShown   how many episodes of a device's history the pages and the API show, newest first
 */
@Validated
@ConfigurationProperties("steward.security")
public record SecurityProperties(@Min(1) @Max(100) @DefaultValue("3") int evidencePeriods,
                                 @Min(10) @Max(10_000) @DefaultValue("200") int episodesShown) {
}
