package io.steward.server.security;

import java.time.Instant;
import java.util.List;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.shared.ClientId;

/**
 * A client's security-check plan: what its agents check and how (sent in every answer to their results, see
 * {@link SecurityCheckMessages.Plan}), and which checks open an incident when they fail. Version 0: never saved, the
 * protocol's defaults and no incidents.
 *
 * @param incidentChecks the check ids whose failing opens an incident (one per device and check while it fails)
 */
public record SecurityPlan(ClientId clientId, int everyMinutes, int failedLogonWindowMinutes, int failedLogonThreshold, List<String> allowedPorts,
                           List<String> admins, int maxRebootPendingHours, int maxSecurityUpdateAgeDays, List<String> incidentChecks,
                           int version, String updatedBy, Instant updatedAt) {

    public SecurityPlan {
        allowedPorts = List.copyOf(allowedPorts);
        admins = List.copyOf(admins);
        incidentChecks = List.copyOf(incidentChecks);
    }

    /** The plan of a client that never saved one. */
    public static SecurityPlan defaults(ClientId client) {
        SecurityCheckMessages.Plan p = SecurityCheckMessages.DEFAULT_PLAN;
        return new SecurityPlan(client, p.everyMinutes(), p.failedLogonWindowMinutes(), p.failedLogonThreshold(), p.allowedPorts(), p.admins(),
                p.maxRebootPendingHours(), p.maxSecurityUpdateAgeDays(), List.of(), 0, "", null);
    }

    /** What the agents are told. */
    public SecurityCheckMessages.Plan forAgent() {
        return new SecurityCheckMessages.Plan(everyMinutes, failedLogonWindowMinutes, failedLogonThreshold, allowedPorts, admins,
                maxRebootPendingHours, maxSecurityUpdateAgeDays);
    }

    /** Whether a failing check raises an incident under this plan. */
    public boolean raisesIncident(String check) {
        return incidentChecks.contains(check);
    }

    /**
     * A device group's exceptions: a null field inherits the client's value.
     *
     * @param groupName the group's name (the first by name wins where a device is in several)
     */
    public record GroupOverride(java.util.UUID groupId, ClientId clientId, String groupName, Integer everyMinutes, Integer failedLogonWindowMinutes,
                                Integer failedLogonThreshold, List<String> allowedPorts, List<String> admins, Integer maxRebootPendingHours,
                                Integer maxSecurityUpdateAgeDays, List<String> incidentChecks, int version, String updatedBy, Instant updatedAt) {
    }

    /**
     * This plan with the exceptions of the device's groups: each field from the first group by name (then by id) that
     * sets it, else this plan's. The version stays the client plan's.
     */
    public SecurityPlan forGroups(List<GroupOverride> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        List<GroupOverride> ordered = overrides.stream().sorted(java.util.Comparator.comparing(GroupOverride::groupName)
                .thenComparing(GroupOverride::groupId)).toList();
        return new SecurityPlan(clientId, first(ordered, GroupOverride::everyMinutes, everyMinutes),
                first(ordered, GroupOverride::failedLogonWindowMinutes, failedLogonWindowMinutes),
                first(ordered, GroupOverride::failedLogonThreshold, failedLogonThreshold), first(ordered, GroupOverride::allowedPorts, allowedPorts),
                first(ordered, GroupOverride::admins, admins), first(ordered, GroupOverride::maxRebootPendingHours, maxRebootPendingHours),
                first(ordered, GroupOverride::maxSecurityUpdateAgeDays, maxSecurityUpdateAgeDays),
                first(ordered, GroupOverride::incidentChecks, incidentChecks), version, updatedBy, updatedAt);
    }

    private static <T> T first(List<GroupOverride> ordered, java.util.function.Function<GroupOverride, T> field, T inherited) {
        for (GroupOverride o : ordered) {
            T v = field.apply(o);
            if (v != null) {
                return v;
            }
        }
        return inherited;
    }

    /** A change to the plan: fields left null keep their value. */
    public record Draft(Integer everyMinutes, Integer failedLogonWindowMinutes, Integer failedLogonThreshold, List<String> allowedPorts,
                        List<String> admins, Integer maxRebootPendingHours, Integer maxSecurityUpdateAgeDays, List<String> incidentChecks) {
    }
}
