package io.steward.server.reporting.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One of a client's devices as its portal users see it: read-only, and only what a contact can act on.
 *
 * @param state            ONLINE (heard from within three heartbeats), OFFLINE, or PENDING (enrolled, not yet approved by the MSP)
 * @param lastSeenAt       the last heartbeat, or null when never heard from
 * @param lastSeen         {@code lastSeenAt} in the client's time zone, such as "2026-12-06 02:15 EST"; null when never heard from
 * @param openAlerts       how many alerts are open on the device
 * @param alertingPolicies the names of the policies those alerts are of, sorted
 */
public record PortalDevice(UUID id, String hostname, String os, String state, Instant lastSeenAt, String lastSeen, long openAlerts,
                           List<String> alertingPolicies) {
}
