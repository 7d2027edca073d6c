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
 *
 * @param dueAt            every device is due patched by then: opened plus the policy's emergency hours
 * @param overdueDeviceIds the devices still exposed after {@code dueAt}
 */
public record PatchEmergency(UUID id, ClientId clientId, String cve, Instant openedAt, String openedBy, Instant closedAt, List<Device> devices,
                             Instant dueAt, List<DeviceId> overdueDeviceIds) {

    public PatchEmergency {
        devices = List.copyOf(devices);
        overdueDeviceIds = overdueDeviceIds == null ? List.of() : List.copyOf(overdueDeviceIds);
    }

    /** As stored, before its deadline is known. */
    public PatchEmergency(UUID id, ClientId clientId, String cve, Instant openedAt, String openedBy, Instant closedAt, List<Device> devices) {
        this(id, clientId, cve, openedAt, openedBy, closedAt, devices, null, List.of());
    }

    /** With the deadline of {@code emergencyHours} after opening, and the devices still exposed past it at {@code now}. */
    public PatchEmergency due(int emergencyHours, Instant now) {
        Instant due = openedAt.plus(Duration.ofHours(emergencyHours));
        List<DeviceId> overdue = now.isAfter(due) ? devices.stream().filter(d -> "EXPOSED".equals(d.state())).map(Device::deviceId).toList() : List.of();
        return new PatchEmergency(id, clientId, cve, openedAt, openedBy, closedAt, devices, due, overdue);
    }

    /** Whether a device is still exposed past the deadline. */
    public boolean overdue(DeviceId device) {
        return overdueDeviceIds.contains(device);
    }

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
