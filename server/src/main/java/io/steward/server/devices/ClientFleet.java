package io.steward.server.devices;

import java.time.Instant;
import java.util.List;

import io.steward.server.shared.DeviceId;

/**
 * A client's devices at a glance: approved ones split by the registry's online rule (heard from within three
 * heartbeats), pending ones, and the first few to look at (offline first, then pending, then online, by hostname).
 * Retired devices are history and left out.
 */
public record ClientFleet(long approved, long online, long offline, long pending, List<Entry> first) {

    /** A device as the client page lists it; {@code state} is ONLINE, OFFLINE or PENDING. */
    public record Entry(DeviceId id, String hostname, String os, String state, Instant lastSeenAt) {
    }
}
