package io.steward.server.devices;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the devices module ({@code steward.devices.*}).
 *
 * @param heartbeatSeconds       how often agents report in; a device is offline after three missed heartbeats
 * @param agentRequestsPerSecond signed requests per second one device may send on average (per server node)
 * @param agentRequestBurst      signed requests one device may send at once before the average applies (429 beyond)
 * @param publicUrl              the address agents reach this server at ({@code https://host[:port]}, nothing after it);
 *                               null or blank: the install lines use the host the browser used and say so
 * @param agentJar               where the built agent jar is, served at {@code /downloads/steward-agent.jar}
 * @param agentPackages          where {@code agent/packaging/build-packages.sh} wrote the agent's .deb and .rpm (the newest
 *                               of each is served); the install lines install them when they are there
 */
@Validated
@ConfigurationProperties("steward.devices")
public record DevicesProperties(@Min(5) @Max(3600) @DefaultValue("30") int heartbeatSeconds,
                                @DecimalMin("0.01") @DecimalMax("10000") @DefaultValue("5") double agentRequestsPerSecond,
                                @Min(1) @Max(100_000) @DefaultValue("30") int agentRequestBurst,
                                // Only host name characters: the address goes into shell lines a technician copies.
                                @Pattern(regexp = "\\s*|https://(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?/?",
                                        message = "must be https://host or https://host:port (no path), as agents reach the server")
                                String publicUrl,
                                @NotBlank @DefaultValue("agent/target/steward-agent.jar") String agentJar,
                                @NotBlank @DefaultValue("agent/target/packages") String agentPackages) {

    /** The configured public address without a trailing slash, or null when none is set. */
    public String publicBaseUrl() {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String u = publicUrl.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
