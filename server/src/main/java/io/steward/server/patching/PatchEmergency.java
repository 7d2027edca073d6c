package io.steward.server.patching;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * An emergency cycle: one CVE for one client, every device exposed to it tracked until patched or excepted with a
 * reason; closed when none is left.
 */
public record PatchEmergency(UUID id, ClientId clientId, String cve, Instant openedAt, String openedBy, Instant closedAt, List<Device> devices) {

    /**
     * A tracked device: EXPOSED, PATCHED (a scan no longer offered a fixing update) or EXCEPTED (with a reason). Time to
     * remediate runs from when the device was first seen exposed (its update's first-seen instant) to that scan.
     *
     * @param minutesToRemediate null while not patched
     */
    public record Device(DeviceId deviceId, Instant exposedSince, Instant remediatedAt, String exceptedReason, String exceptedBy,
                         Instant exceptedAt, String state, Long minutesToRemediate) {

        public static Device of(DeviceId deviceId, Instant exposedSince, Instant remediatedAt, String exceptedReason, String exceptedBy,
                                Instant exceptedAt) {
            return new Device(deviceId, exposedSince, remediatedAt, exceptedReason, exceptedBy, exceptedAt,
                    remediatedAt != null ? "PATCHED" : exceptedReason != null ? "EXCEPTED" : "EXPOSED",
                    remediatedAt == null ? null : Math.max(0, Duration.between(exposedSince, remediatedAt).toMinutes()));
        }
    }

    public boolean open() {
        return closedAt == null;
    }
}
