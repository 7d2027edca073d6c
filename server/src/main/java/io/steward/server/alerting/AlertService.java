package io.steward.server.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.alerting.internal.AlertRepository;
import io.steward.server.alerting.internal.AlertStore;
import io.steward.server.alerting.internal.MaintenanceWindows;
import io.steward.server.alerting.internal.PolicyAdministration;
import io.steward.server.alerting.internal.PolicyCache;
import io.steward.server.alerting.internal.PolicyResolver;
import io.steward.server.devices.DeviceHeard;
import io.steward.server.devices.DevicesHeard;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.telemetry.TelemetryService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alerting module's API: alert policies, alerts and maintenance windows. Evaluation on every
 * accepted batch is done by {@code internal.AlertEvaluator} (in memory, writing only transitions);
 * this service keeps one open alert per device, policy and instance, raises offline alerts from the
 * scheduler, and serves staff. A breach opens an alert (AlertRaised), a value past the recovery
 * threshold resolves it (AlertCleared). Policies are administered by {@code internal.PolicyAdministration},
 * windows by {@code internal.MaintenanceWindows}; the SQL lives in the module's internal repositories.
 */
@Service
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertService {
    static final UUID OFFLINE_POLICY = PolicyCache.OFFLINE_POLICY;

    private final AlertRepository alerts;
    private final PolicyAdministration policies;
    private final MaintenanceWindows windows;
    private final AlertStore store;
    private final DeviceService devices;
    private final TelemetryService telemetry;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    public AlertService(AlertRepository alerts, PolicyAdministration policies, MaintenanceWindows windows, AlertStore store, DeviceService devices,
                        TelemetryService telemetry, Clock clock, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.alerts = alerts;
        this.policies = policies;
        this.windows = windows;
        this.store = store;
        this.devices = devices;
        this.telemetry = telemetry;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /**
     * A policy as submitted. Scope: no clientId is an MSP-wide default; with a clientId, at most one of
     * siteId, groupId, deviceId narrows it. aggregation LAST (default), AVG or MAX over windowSeconds;
     * forSeconds: how long it must keep breaching.
     */
    public record PolicyDraft(@NotBlank @Size(max = 100) String name, @NotBlank @Pattern(regexp = "[a-z][a-z0-9_.]{0,99}") String metric,
                              @NotNull @Pattern(regexp = "ABOVE|BELOW") String comparison, double threshold, double recoveryThreshold,
                              @NotNull @Pattern(regexp = "WARNING|CRITICAL") String severity, UUID clientId, UUID siteId, UUID groupId,
                              UUID deviceId, @Pattern(regexp = "LAST|AVG|MAX") String aggregation,
                              @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(86400) Integer windowSeconds,
                              @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(86400) Integer forSeconds, Boolean enabled) {
    }

    /** An exclusion as submitted: exactly one of a site, group or device, of a client the caller sees. */
    public record ExclusionDraft(UUID siteId, UUID groupId, UUID deviceId) {
    }

    /** New thresholds and severity of a policy; its metric, scope, aggregation and windows stay. */
    public record ThresholdChange(@NotBlank @Size(max = 100) String name, double threshold, double recoveryThreshold,
                                  @NotBlank @Pattern(regexp = "WARNING|CRITICAL") String severity) {
    }

    /**
     * A window as submitted. {@code deviceId} or {@code siteId} narrow it (neither: every device of the
     * client). ONCE (default) needs startsAt and endsAt (at most 31 days apart). WEEKLY needs days
     * (MONDAY..SUNDAY), startTime (HH:mm, the client's time zone) and durationMinutes (up to a week);
     * startsAt/endsAt then bound when it applies (default: from now, for five years).
     */
    public record WindowDraft(UUID deviceId, Instant startsAt, Instant endsAt, @NotBlank @Size(max = 500) String reason, UUID siteId,
                              @Pattern(regexp = "ONCE|WEEKLY") String recurrence, List<String> days, String startTime, Integer durationMinutes) {

        public WindowDraft(UUID deviceId, Instant startsAt, Instant endsAt, String reason) {
            this(deviceId, startsAt, endsAt, reason, null, null, null, null, null);
        }
    }

    // ---- alerts

    /**
     * Opens an offline alert for every approved device not heard from for three heartbeat intervals.
     * Runs on the scheduler in system scope; returns how many it opened.
     */
    @Transactional
    public int sweepOffline(Duration silence) {
        Instant now = clock.instant();
        List<AlertRepository.SilentDevice> silent = alerts.silentDevices(now.minus(silence), OFFLINE_POLICY);
        for (AlertRepository.SilentDevice d : silent) {
            double minutes = Duration.between(d.lastSeenAt(), now).toSeconds() / 60.0;
            store.raise(new AlertStore.Raise(new DeviceId(d.id()), new ClientId(d.clientId()), d.siteId(), d.hostname(), d.criticality(), OFFLINE_POLICY,
                    "Device offline", "CRITICAL", "agent.offline", "", minutes, silence.toMinutes()), now);
        }
        return silent.size();
    }

    /**
     * A device reported in (a v1 heartbeat): its open offline alert clears (and with it, its incident). Heard after the
     * heartbeat committed, so the clearing has its own transaction, taken only when there is one to clear.
     */
    @EventListener
    public void on(DeviceHeard heard) {
        clearOffline(List.of(heard));
    }

    /** Devices reported in on their streams: as {@link #on(DeviceHeard)}, their open offline alerts found with one read. */
    @EventListener
    public void on(DevicesHeard heard) {
        clearOffline(heard.devices());
    }

    private void clearOffline(List<DeviceHeard> heard) {
        // Found in system scope: a stream write's devices may be of many clients; the ids are ones their agents proved.
        List<AlertRepository.OpenAlert> open = TenantContext.callAsSystem(() -> alerts.openAlerts(heard.stream().map(DeviceHeard::deviceId).toList(), OFFLINE_POLICY));
        for (AlertRepository.OpenAlert o : open) {
            TenantContext.runAs(TenantScope.of(o.clientId()), () -> tx.executeWithoutResult(status -> {
                // Another heartbeat of the same device may have cleared it meanwhile: announced once.
                if (alerts.resolveOffline(o.id(), clock.instant())) {
                    String hostname = alerts.hostname(o.deviceId());
                    events.publishEvent(new AlertCleared(o.id(), o.clientId(), o.ticketId(), hostname, "Device offline", "agent.offline", "", 0));
                }
            }));
        }
    }

    /** Records the incident an alert opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachTicket(UUID alertId, UUID ticketId) {
        alerts.attachTicket(List.of(alertId), ticketId);
    }

    /**
     * Names the client's alert-storm incident: the alerts of its storm are written with it from the commit of the
     * caller's transaction on (until named again), so that joining it costs them no second write.
     */
    public void stormIncident(ClientId client, UUID ticketId) {
        store.stormIncident(client, ticketId);
    }

    /** Records the incident alerts joined together (a storm's). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachTicket(List<UUID> alertIds, UUID ticketId) {
        alerts.attachTicket(alertIds, ticketId);
    }

    /** Records the service request a disk-fill forecast opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachForecastTicket(DeviceId device, String instance, UUID ticketId) {
        alerts.attachForecastTicket(device, instance, ticketId);
    }

    /** The latest fill forecast of each of the device's file systems; "not enough data" for those with too little history. */
    @Transactional(readOnly = true)
    public List<DiskForecast> forecasts(Viewer viewer, DeviceId device) {
        devices.get(viewer, device);
        return alerts.forecasts(device, clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate());
    }

    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state) {
        return list(viewer, state, null);
    }

    /**
     * Alerts in scope, newest first, optionally of one state and one device. An open alert's value is
     * the metric's latest (kept by telemetry), so repeats show without a write per sample.
     */
    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state, DeviceId device) {
        return list(viewer, state, null, device);
    }

    /** As {@link #list(Viewer, String, DeviceId)}, optionally of one severity (WARNING, CRITICAL). */
    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state, String severity, DeviceId device) {
        checkFilters(viewer, state, severity);
        return alerts.list(viewer.scope(), blankToNull(state), blankToNull(severity), device, telemetry::pendingValue);
    }

    private static void checkFilters(Viewer viewer, String state, String severity) {
        requireStaff(viewer);
        if (blankToNull(severity) != null && !Set.of("WARNING", "CRITICAL").contains(severity)) {
            throw new InvalidInputException("severity", "severity is WARNING or CRITICAL.");
        }
        if (blankToNull(state) != null && !Set.of("OPEN", "RESOLVED").contains(state)) {
            throw new InvalidInputException("state", "state is OPEN or RESOLVED.");
        }
    }

    /** How long to snooze an alert: five minutes to a week. */
    public record Snooze(@NotNull @jakarta.validation.constraints.Min(5) @jakarta.validation.constraints.Max(10080) Integer minutes) {
    }

    /** Alerts in scope as {@link #list(Viewer, String, String, DeviceId)}, leaving out those snoozed right now when {@code hideSnoozed}. */
    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state, String severity, boolean hideSnoozed) {
        checkFilters(viewer, state, severity);
        return alerts.list(viewer.scope(), blankToNull(state), blankToNull(severity), null, hideSnoozed ? clock.instant() : null, null,
                telemetry::pendingValue);
    }

    /** One alert in scope (staff). */
    @Transactional(readOnly = true)
    public Alert alert(Viewer viewer, UUID alertId) {
        requireStaff(viewer);
        return alerts.list(viewer.scope(), null, null, null, null, alertId, telemetry::pendingValue).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("No such alert."));
    }

    /** The alerts grouped into an alert-storm incident: how many, and how many are still open. */
    public record Storm(long alerts, long open) {
    }

    /** The storm an incident gathers, for its ticket page; empty when it is not a storm incident, and for client users. */
    @Transactional(readOnly = true)
    public java.util.Optional<Storm> stormOf(Viewer viewer, UUID ticketId) {
        if (!viewer.isStaff()) {
            return java.util.Optional.empty();
        }
        long[] counts = alerts.stormCounts(viewer.scope(), ticketId);
        return counts[0] == 0 ? java.util.Optional.empty() : java.util.Optional.of(new Storm(counts[0], counts[1]));
    }

    /** The alert that opened an incident, for its ticket page; empty for other tickets and for client users. */
    @Transactional(readOnly = true)
    public java.util.Optional<Alert> ofIncident(Viewer viewer, UUID ticketId) {
        if (!viewer.isStaff()) {
            return java.util.Optional.empty();
        }
        return alerts.ofTicket(viewer.scope(), ticketId).map(id -> alert(viewer, id));
    }

    /**
     * Staff take an open alert on: who and when are recorded and its incident notes it. Idempotent: acknowledging
     * again keeps the first acknowledgement.
     */
    @Transactional
    public Alert acknowledge(Viewer viewer, UUID alertId) {
        AlertRepository.AlertRef a = writable(viewer, alertId);
        if (!"OPEN".equals(a.state())) {
            throw new io.steward.server.shared.ConflictException("Only an open alert can be acknowledged.");
        }
        Instant now = clock.instant();
        if (alerts.acknowledge(alertId, viewer.displayName(), now)) {
            events.publishEvent(new AlertAcknowledged(alertId, new ClientId(a.clientId()), a.ticketId(), viewer.displayName(), now));
        }
        return alert(viewer, alertId);
    }

    /** Withdraws an acknowledgement (idempotent). */
    @Transactional
    public Alert unacknowledge(Viewer viewer, UUID alertId) {
        AlertRepository.AlertRef a = writable(viewer, alertId);
        if (a.acknowledgedBy() != null) {
            alerts.unacknowledge(alertId);
            events.publishEvent(new AlertAcknowledged(alertId, new ClientId(a.clientId()), a.ticketId(), null, clock.instant()));
        }
        return alert(viewer, alertId);
    }

    /** Snoozes an alert for the given minutes from now: until then its condition firing again pages nobody and opens nothing. */
    @Transactional
    public Alert snooze(Viewer viewer, UUID alertId, Snooze snooze) {
        writable(viewer, alertId);
        if (snooze == null || snooze.minutes() == null || snooze.minutes() < 5 || snooze.minutes() > 10080) {
            throw new InvalidInputException("minutes", "Snooze for 5 to 10080 minutes (a week).");
        }
        alerts.snooze(alertId, clock.instant().plus(Duration.ofMinutes(snooze.minutes())));
        return alert(viewer, alertId);
    }

    /** Ends a snooze now (idempotent). */
    @Transactional
    public Alert unsnooze(Viewer viewer, UUID alertId) {
        writable(viewer, alertId);
        alerts.snooze(alertId, null);
        return alert(viewer, alertId);
    }

    private AlertRepository.AlertRef writable(Viewer viewer, UUID alertId) {
        requireStaff(viewer);
        AlertingPermissions.ACT_ON_ALERTS.require(viewer);
        return alerts.find(viewer.scope(), alertId).orElseThrow(() -> new NotFoundException("No such alert."));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- policies

    /** Every policy in the caller's view, with the exclusions of clients they see. */
    public List<AlertPolicy> policies(Viewer viewer) {
        return policies.visible(viewer);
    }

    public AlertPolicy policy(Viewer viewer, UUID id) {
        return policies.get(viewer, id);
    }

    /** The policies that apply to a device after inheritance and exclusions, as the evaluator uses them. */
    @Transactional(readOnly = true)
    public List<AlertPolicy> effectivePolicies(Viewer viewer, DeviceId device) {
        devices.get(viewer, device);
        DeviceProfile profile = devices.profile(device);
        List<AlertPolicy> all = policies(viewer).stream().filter(p -> !p.id().equals(OFFLINE_POLICY) && !p.id().equals(PolicyCache.TASK_REFUSED_POLICY))
                .toList();
        return PolicyResolver.effective(all, profile);
    }

    public AlertPolicy createPolicy(Viewer viewer, PolicyDraft d) {
        return policies.create(viewer, d);
    }

    /** Takes a site, group or device out of a policy (an MSP-wide one too: the exclusion belongs to that client). */
    public AlertPolicy exclude(Viewer viewer, UUID policyId, ExclusionDraft d) {
        return policies.exclude(viewer, policyId, d);
    }

    /**
     * Adjusts a policy's thresholds (the common case: disks alert at 85 % instead of 90 %); the change
     * applies to the next batch, open alerts included. Aggregation and windows are fixed.
     */
    public AlertPolicy changeThresholds(Viewer viewer, UUID policyId, ThresholdChange c) {
        return policies.changeThresholds(viewer, policyId, c);
    }

    /** Gives a site, group or device back to a policy it was excluded from. */
    public AlertPolicy removeExclusion(Viewer viewer, UUID policyId, UUID exclusionId) {
        return policies.removeExclusion(viewer, policyId, exclusionId);
    }

    /** Switches a policy on or off (a client's own; MSP-wide ones only for staff who see every client). */
    public AlertPolicy setEnabled(Viewer viewer, UUID policyId, boolean enabled) {
        return policies.setEnabled(viewer, policyId, enabled);
    }

    // ---- maintenance windows

    public MaintenanceWindow createWindow(Viewer viewer, ClientId client, WindowDraft d) {
        return windows.create(viewer, client, d);
    }

    public List<MaintenanceWindow> windows(Viewer viewer, ClientId client) {
        return windows.ofClient(viewer, client);
    }

    /** Windows of every visible client that have not ended yet. */
    public List<MaintenanceWindow> currentAndComing(Viewer viewer) {
        return windows.currentAndComing(viewer);
    }

    /** Cancels a maintenance window: from now on its client's problems page people again. */
    public void cancelWindow(Viewer viewer, UUID windowId) {
        windows.cancel(viewer, windowId);
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
