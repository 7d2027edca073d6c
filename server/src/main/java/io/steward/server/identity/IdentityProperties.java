package io.steward.server.identity;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the identity module ({@code steward.identity.*}).
 *
 * @param accountMaxFailures failed sign-ins per account inside {@code failureWindow} before it is blocked
 * @param addressMaxFailures failed sign-ins (or bad API tokens) per remote address inside the window
 * @param failureWindow      how far back failures count
 * @param blockDuration      how long a blocked account or address waits
 * @param tokenMaxLifetime   the longest lifetime an API token may be given
 * @param mfaIssuer          the issuer name authenticator apps show
 * @param mspTimeZone        the IANA zone staff see times in unless they chose their own; empty: UTC
 */
@Validated
@ConfigurationProperties("steward.identity")
public record IdentityProperties(@Min(1) @Max(100) @DefaultValue("5") int accountMaxFailures,
                                 @Min(1) @Max(10_000) @DefaultValue("30") int addressMaxFailures,
                                 @NotNull @DefaultValue("15m") Duration failureWindow,
                                 @NotNull @DefaultValue("15m") Duration blockDuration,
                                 @NotNull @DefaultValue("365d") Duration tokenMaxLifetime,
                                 @NotBlank @DefaultValue("Steward") String mfaIssuer,
                                 @DefaultValue("") String mspTimeZone) {
}
