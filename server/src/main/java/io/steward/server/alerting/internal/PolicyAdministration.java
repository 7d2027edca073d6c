package io.steward.server.alerting.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertCondition;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService.ExclusionDraft;
import io.steward.server.alerting.AlertService.PolicyDraft;
import io.steward.server.alerting.AlertService.ThresholdChange;
import io.steward.server.alerting.AlertingPermissions;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert policies as staff manage them: which drafts, scopes, thresholds and exclusions are
 * acceptable, who may change MSP-wide policies, and what happens to the open alerts of a policy
 * that no longer applies. Every change forgets the evaluator's cached policies of the client.
 */
@Component
public class PolicyAdministration {
    private final AlertPolicyRepository policies;
    private final AlertRepository alerts;
    private final PolicyCache cache;
    private final DeviceService devices;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    PolicyAdministration(AlertPolicyRepository policies, AlertRepository alerts, PolicyCache cache, DeviceService devices, Clock clock,
                         ApplicationEventPublisher events) {
        this.policies = policies;
        this.alerts = alerts;
        this.cache = cache;
        this.devices = devices;
        this.clock = clock;
        this.events = events;
    }

    /** Every policy in the caller's view, with the exclusions of clients they see. */
    @Transactional(readOnly = true)
    public List<AlertPolicy> visible(Viewer viewer) {
        requireStaff(viewer);
        return policies.visible(viewer.scope());
    }

    @Transactional(readOnly = true)
    public AlertPolicy get(Viewer viewer, UUID id) {
        return visible(viewer).stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such alert policy."));
    }

    @Transactional
    public AlertPolicy create(Viewer viewer, PolicyDraft d) {
        AlertingPermissions.MANAGE_POLICIES.require(viewer);
        if (d.clientId() == null && !viewer.scope().allClients()) {
            throw new InvalidInputException("clientId", "Only staff who see every client may add MSP-wide policies.");
        }
        if (d.clientId() != null && !viewer.scope().covers(new ClientId(d.clientId()))) {
            throw new InvalidInputException("clientId", "No such client.");
        }
        requireName(d.name());
        if (outside(d.windowSeconds()) || outside(d.forSeconds())) {
            throw new InvalidInputException("windowSeconds", "Windows and durations are 0 to 86,400 seconds.");
        }
        requireCondition(d.comparison(), d.threshold(), d.recoveryThreshold());
        long narrowings = java.util.stream.Stream.of(d.siteId(), d.groupId(), d.deviceId()).filter(java.util.Objects::nonNull).count();
        if (narrowings > 0 && d.clientId() == null) {
            throw new InvalidInputException("clientId", "A policy for a site, group or device names its client.");
        }
        if (narrowings > 1) {
            throw new InvalidInputException("siteId", "Choose at most one of site, group and device.");
        }
        requireOwned(d.clientId(), "site", d.siteId(), "siteId");
        requireOwned(d.clientId(), "device_group", d.groupId(), "groupId");
        requireOwned(d.clientId(), "device", d.deviceId(), "deviceId");
        UUID id = UUID.randomUUID();
        policies.insert(id, d, clock.instant());
        cache.invalidatePolicies(d.clientId() == null ? null : new ClientId(d.clientId()));
        return get(viewer, id);
    }

    /** Takes a site, group or device out of a policy (an MSP-wide one too: the exclusion belongs to that client). */
    @Transactional
    public AlertPolicy exclude(Viewer viewer, UUID policyId, ExclusionDraft d) {
        AlertingPermissions.MANAGE_POLICIES.require(viewer);
        AlertPolicy p = get(viewer, policyId);
        long given = java.util.stream.Stream.of(d.siteId(), d.groupId(), d.deviceId()).filter(java.util.Objects::nonNull).count();
        if (given != 1) {
            throw new InvalidInputException("siteId", "Name exactly one site, group or device to exclude.");
        }
        String table = d.siteId() != null ? "site" : d.groupId() != null ? "device_group" : "device";
        UUID target = d.siteId() != null ? d.siteId() : d.groupId() != null ? d.groupId() : d.deviceId();
        String field = d.siteId() != null ? "siteId" : d.groupId() != null ? "groupId" : "deviceId";
        UUID client = policies.clientInScope(viewer.scope(), table, target).orElseThrow(() -> new InvalidInputException(field, "No such " + table.replace('_', ' ') + "."));
        if (p.clientId() != null && !p.clientId().value().equals(client)) {
            throw new InvalidInputException(field, "Choose one of the policy's client's.");
        }
        policies.insertExclusion(policyId, client, d.siteId(), d.groupId(), d.deviceId(), viewer.email(), clock.instant());
        cache.invalidatePolicies(new ClientId(client));
        java.util.Set<UUID> devicesOut = new java.util.HashSet<>();
        if (d.deviceId() != null) {
            devicesOut.add(d.deviceId());
        } else if (d.groupId() != null) {
            devicesOut.addAll(devices.group(viewer, d.groupId()).members());
        } else {
            devicesOut.addAll(policies.devicesAtSite(d.siteId()));
        }
        closeOrphans(viewer, p, devicesOut, "the device was excluded from the policy \"" + p.name() + "\".");
        return get(viewer, policyId);
    }

    /**
     * Adjusts a policy's thresholds (the common case: disks alert at 85 % instead of 90 %). The
     * evaluator reads thresholds from the policy on every sample, so the change applies to the next
     * batch, open alerts included (they clear when the new recovery threshold is met). Aggregation and
     * windows are fixed: for those, add a policy and switch this one off.
     */
    @Transactional
    public AlertPolicy changeThresholds(Viewer viewer, UUID policyId, ThresholdChange c) {
        AlertingPermissions.MANAGE_POLICIES.require(viewer);
        AlertPolicy p = get(viewer, policyId);
        if (p.clientId() == null && !viewer.scope().allClients()) {
            throw new ForbiddenException("Only staff who see every client may change MSP-wide policies.");
        }
        requireName(c.name());
        if (PolicyCache.OFFLINE_POLICY.equals(policyId)) {
            throw new InvalidInputException("threshold", "The offline policy counts missed heartbeats; set the heartbeat interval instead.");
        }
        requireCondition(p.comparison(), c.threshold(), c.recoveryThreshold());
        policies.setThresholds(policyId, c.name().strip(), c.threshold(), c.recoveryThreshold(), c.severity());
        cache.invalidatePolicies(p.clientId());
        return get(viewer, policyId);
    }

    /** Gives a site, group or device back to a policy it was excluded from. */
    @Transactional
    public AlertPolicy removeExclusion(Viewer viewer, UUID policyId, UUID exclusionId) {
        AlertingPermissions.MANAGE_POLICIES.require(viewer);
        AlertPolicy p = get(viewer, policyId);
        AlertPolicy.Exclusion gone = p.exclusions().stream().filter(x -> x.id().equals(exclusionId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such exclusion of this policy."));
        policies.deleteExclusion(policyId, exclusionId);
        cache.invalidatePolicies(gone.clientId());
        return get(viewer, policyId);
    }

    /** Switches a policy on or off (a client's own; MSP-wide ones only for staff who see every client). */
    @Transactional
    public AlertPolicy setEnabled(Viewer viewer, UUID policyId, boolean enabled) {
        AlertingPermissions.MANAGE_POLICIES.require(viewer);
        AlertPolicy p = get(viewer, policyId);
        if (p.clientId() == null && !viewer.scope().allClients()) {
            throw new ForbiddenException("Only staff who see every client may switch MSP-wide policies.");
        }
        policies.setEnabled(policyId, enabled);
        cache.invalidatePolicies(p.clientId());
        if (!enabled) {
            closeOrphans(viewer, p, null, "the policy \"" + p.name() + "\" was switched off.");
        }
        return get(viewer, policyId);
    }

    /**
     * Resolves the open alerts of a policy that no longer applies (switched off, or the device
     * excluded), in the caller's scope: nothing would ever clear them, and their incidents are
     * settled like any recovery (resolved unless someone worked on them). {@code onlyDevices} null: all.
     */
    private void closeOrphans(Viewer viewer, AlertPolicy p, java.util.Set<UUID> onlyDevices, String reason) {
        Instant now = clock.instant();
        alerts.openOfPolicy(viewer.scope(), p.id()).stream()
                .filter(a -> onlyDevices == null || onlyDevices.contains(a.deviceId()))
                .forEach(a -> {
                    alerts.resolveOrphan(a.id(), now);
                    events.publishEvent(new AlertCleared(a.id(), new ClientId(a.clientId()), a.ticketId(), a.hostname(), p.name(), p.metric(),
                            a.instance(), a.lastValue(), reason));
                });
    }

    private static void requireCondition(String comparison, double threshold, double recoveryThreshold) {
        if (!Double.isFinite(threshold) || !Double.isFinite(recoveryThreshold)) {
            throw new InvalidInputException("threshold", "Thresholds are finite numbers.");
        }
        try {
            new AlertCondition("ABOVE".equals(comparison), threshold, recoveryThreshold);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("recoveryThreshold", "The recovery threshold must lie on the healthy side of the threshold.");
        }
    }

    /** Form input bypasses bean validation; the table's own checks would answer a 500. */
    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new InvalidInputException("name", "Give the policy a name of 1 to 100 characters.");
        }
    }

    private static boolean outside(Integer seconds) {
        return seconds != null && (seconds < 0 || seconds > 86_400);
    }

    private void requireOwned(UUID client, String table, UUID id, String field) {
        if (id != null && !policies.owned(table, id, client)) {
            throw new InvalidInputException(field, "Choose a " + table.replace('_', ' ') + " of this client.");
        }
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
