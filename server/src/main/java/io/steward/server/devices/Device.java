package io.steward.server.devices;

import java.time.Duration;
import java.time.Instant;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A managed endpoint; {@code tags} are lower-case labels technicians give it (they feed rule groups). {@code flag} says why a
 * technician should look twice (e.g. a key seen from two hosts). {@code retiredAt} is set exactly while the status is RETIRED:
 * reports count the device in the months before it.
 */
public record Device(DeviceId id, ClientId clientId, String clientName, String hostname, String os, String agentVersion, String status,
                     String criticality, String flag, String keyFingerprint, Instant enrolledAt, Instant approvedAt, String approvedBy,
                     Instant lastSeenAt, Instant inventoryAt, java.util.UUID siteId, java.util.List<String> tags, Instant retiredAt) {

    /** ONLINE when heard from within three heartbeats, else OFFLINE; PENDING and RETIRED as they are. */
    public String state(Instant now, int heartbeatSeconds) {
        return state(status, lastSeenAt, now, heartbeatSeconds);
    }

    /** The rule of {@link #state(Instant, int)} for a device read as a row elsewhere (the portal's device list). */
    public static String state(String status, Instant lastSeenAt, Instant now, int heartbeatSeconds) {
        if (!"APPROVED".equals(status)) {
            return status;
        }
        return lastSeenAt != null && Duration.between(lastSeenAt, now).getSeconds() <= 3L * heartbeatSeconds ? "ONLINE" : "OFFLINE";
    }
}
