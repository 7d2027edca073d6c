package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

/**
 * Another monitor that sends a client's alerts to Steward: Prometheus Alertmanager, Uptime Kuma or a generic JSON
 * sender, posting to {@code hookPath} with its own secret ({@code Authorization: Bearer ...}). The secret itself is shown
 * once, when made or rotated; Steward keeps only its hash. {@code lastError} says why the last authenticated request
 * was refused (cleared by the next good one).
 */
public record AlertSource(UUID id, UUID clientId, String kind, String name, boolean enabled, Instant createdAt, Instant secretSetAt,
                          Instant lastReceivedAt, String lastError, Instant lastErrorAt, String hookPath) {

    /** The path every source's hook lives under. */
    public static final String HOOK_ROOT = "/hooks/alerts/";
}
