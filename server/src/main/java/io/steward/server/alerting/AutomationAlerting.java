package io.steward.server.alerting;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.steward.server.alerting.internal.AlertRepository;
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
 * scope (the device's client). And, for remediation's catch-up (which must not rely on having heard every
 * {@code AlertRaised} and {@code AlertCleared}), which alerts are open or resolved.
 */
@Service
public class AutomationAlerting {
    private final AlertStore store;
    private final AlertRepository alerts;
    private final DeviceService devices;
    private final Clock clock;

    public AutomationAlerting(AlertStore store, AlertRepository alerts, DeviceService devices, Clock clock) {
        this.store = store;
        this.alerts = alerts;
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

    /** An open alert that was announced ({@link AlertRaised}) when it opened. */
    public record AnnouncedAlert(UUID id, DeviceId deviceId, ClientId clientId, UUID policyId, UUID ticketId, Instant openedAt) {
    }

    /** A resolved alert ({@link AlertCleared} was published when it resolved) and its incident, if any. */
    public record Resolution(UUID id, ClientId clientId, UUID ticketId, Instant resolvedAt) {
    }

    /**
     * The open alerts of {@code policies} that were announced when they opened (an alert opened inside a maintenance
     * window, while its device was offline or snoozed pages nobody and is not among them), opened in [from, before),
     * oldest first, after {@code after} (null: the first page); at most {@code limit}. In the caller's scope.
     */
    @Transactional(readOnly = true)
    public List<AnnouncedAlert> announcedOpen(Collection<UUID> policies, Instant from, Instant before, AnnouncedAlert after, int limit) {
        return alerts.announcedOpen(policies, from, before, after, limit);
    }

    /** Those of {@code alertIds} that are resolved; in the caller's scope. */
    @Transactional(readOnly = true)
    public List<Resolution> resolved(Collection<UUID> alertIds) {
        return alerts.resolved(alertIds);
    }
}
