package io.steward.server.alerting;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.steward.server.alerting.internal.AlertStore;
import io.steward.server.alerting.internal.PolicyCache;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What automation asks of alerting: whether a device is inside a maintenance window now (tasks scheduled "in the
 * window" start only then), and raising the security alert of a task an agent refused. Runs in the caller's tenant
 * scope (the device's client).
 */
@Service
public class AutomationAlerting {
    private final AlertStore store;
    private final DeviceService devices;
    private final Clock clock;

    public AutomationAlerting(AlertStore store, DeviceService devices, Clock clock) {
        this.store = store;
        this.devices = devices;
        this.clock = clock;
    }

    /** Whether a maintenance window covers the device (directly, through its site or client-wide) at {@code at}. */
    @Transactional(readOnly = true)
    public boolean inMaintenanceWindow(DeviceId device, Instant at) {
        DeviceProfile profile = devices.profile(device);
        return profile != null && store.activeWindow(profile.clientId().value(), device.value(), profile.siteId(), at) != null;
    }

    /**
     * Opens a critical alert on the device for a task its agent refused ({@code AlertRaised}, so an incident opens as
     * for any alert), one per task; in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID raiseRefusedTask(DeviceId device, ClientId client, UUID taskId) {
        DeviceProfile profile = devices.profile(device);
        String hostname = profile == null ? device.toString() : profile.hostname();
        return store.raise(new AlertStore.Raise(device, client, profile == null ? null : profile.siteId(), hostname,
                profile == null ? null : profile.criticality(), PolicyCache.TASK_REFUSED_POLICY, "Task refused by the agent", "CRITICAL",
                "agent.task_refused", taskId.toString(), 1, 0), clock.instant());
    }
}
