package io.steward.server.identity;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

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
 * @param webauthn           the WebAuthn relying party passkeys are registered for and assert to
 */
@Validated
@ConfigurationProperties("steward.identity")
public record IdentityProperties(@Min(1) @Max(100) @DefaultValue("5") int accountMaxFailures,
                                 @Min(1) @Max(10_000) @DefaultValue("30") int addressMaxFailures,
                                 @NotNull @DefaultValue("15m") Duration failureWindow,
                                 @NotNull @DefaultValue("15m") Duration blockDuration,
                                 @NotNull @DefaultValue("365d") Duration tokenMaxLifetime,
                                 @NotBlank @DefaultValue("Steward") String mfaIssuer,
                                 @DefaultValue("") String mspTimeZone,
                                 @NotNull @Valid @DefaultValue Webauthn webauthn) {

    /**
     * The WebAuthn relying party ({@code steward.identity.webauthn.*}). The signer checks assertions against the same
     * values on its own host.
     *
     * @param rpId    the relying party id: the host name people reach Steward by (no scheme, no port); passkeys are bound
     *                to it and stop working when it changes
     * @param rpName  the name authenticators show beside the passkey
     * @param origins the origins (scheme://host[:port]) whose pages may use the passkeys; an entry may end in {@code :*}
     *                for any port of that scheme and host. The default fits a server reached as localhost (the demo,
     *                the tests); a production server lists exactly its https origin.
     */
    public record Webauthn(@NotBlank @Pattern(regexp = "[A-Za-z0-9.-]{1,253}") @DefaultValue("localhost") String rpId,
                           @NotBlank @DefaultValue("Steward") String rpName,
                           @NotEmpty @DefaultValue({"http://localhost:*", "https://localhost:*"}) List<String> origins) {

        /** Whether {@code origin}, as a browser wrote it into clientDataJSON, is one of ours. */
        public boolean allows(String origin) {
            return new io.steward.protocol.task.AllowedOrigins(origins).allows(origin);
        }
    }
}
