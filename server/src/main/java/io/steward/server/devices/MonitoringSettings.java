package io.steward.server.devices;

import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * What the agents of one client measure beyond the built-in collectors, and how often. Every
 * device of the client gets these settings with its heartbeat answer and applies them from its
 * next round on. A client nobody configured has the defaults at version 0.
 *
 * @param heartbeatSeconds null: the server's {@code steward.devices.heartbeat-seconds}
 * @param version          sent back as If-Match; 0 until saved for the first time
 * @param updatedAt        null until saved for the first time
 */
public record MonitoringSettings(ClientId clientId, int metricsSeconds, Integer heartbeatSeconds, List<String> pingHosts,
                                 List<HttpCheck> httpChecks, List<String> services, int version, Instant updatedAt, String updatedBy) {

    public MonitoringSettings {
        pingHosts = List.copyOf(pingHosts);
        httpChecks = List.copyOf(httpChecks);
        services = List.copyOf(services);
    }

    /** The settings of a client nobody configured yet. */
    public static MonitoringSettings defaults(ClientId client) {
        return new MonitoringSettings(client, MonitoringTargets.DEFAULT_METRICS_SECONDS, null, List.of(), List.of(), List.of(), 0, null, null);
    }

    /**
     * An HTTP(S) health check.
     *
     * @param expectedStatus the status that means "up"; null in a request means 200
     */
    public record HttpCheck(String url, Integer expectedStatus) {
    }
}
