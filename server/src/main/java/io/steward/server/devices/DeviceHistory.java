package io.steward.server.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.devices.internal.DeviceBackdating;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices that were managed before they were enrolled here (brought over from another tool, or the demo's history):
 * their enrollment and approval move back to when management began, so that availability and reports of the months
 * before count them. The device itself is enrolled the ordinary way first.
 */
@Service
public class DeviceHistory {
    private final DeviceService devices;
    private final DeviceBackdating backdating;
    private final AuditLog audit;
    private final Clock clock;

    public DeviceHistory(DeviceService devices, DeviceBackdating backdating, AuditLog audit, Clock clock) {
        this.devices = devices;
        this.backdating = backdating;
        this.audit = audit;
        this.clock = clock;
    }

    /** Moves an approved device's enrollment and approval back to {@code managedSince}; never forward, never into the future. */
    @Transactional
    public Device managedSince(Viewer viewer, DeviceId id, Instant managedSince) {
        viewer.requireWriter(Role.MSP_ADMIN);
        Device d = devices.get(viewer, id);
        if (managedSince.isAfter(clock.instant())) {
            throw new InvalidInputException("managedSince", "A device cannot be managed from the future.");
        }
        if (!"APPROVED".equals(d.status())) {
            throw new InvalidInputException("status", "Only an approved device has a management history.");
        }
        if (backdating.backdate(viewer.scope(), id, managedSince)) {
            audit.record("device.backdated", "device", id.toString(), d.clientId(), Map.of("hostname", d.hostname(), "since", managedSince.toString()));
        }
        return devices.get(viewer, id);
    }
}
