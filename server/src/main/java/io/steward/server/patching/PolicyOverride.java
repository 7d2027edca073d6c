package io.steward.server.patching;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A site's or device group's exceptions to its client's patch policy: each field given replaces the client's value
 * for the devices of that site or group, a field left null inherits it; held packages add to the client's list. The
 * cycle day and the rollout stay the client's (one cycle per client). Which override wins for a device is
 * {@link EffectivePolicy}'s to decide.
 *
 * @param kind    SITE or GROUP
 * @param scopeId the site's or group's id
 * @param scopeName its name when read (for people)
 */
public record PolicyOverride(ClientId clientId, String kind, UUID scopeId, String scopeName, Integer scanHours, Integer securityDeadlineDays,
                             String securityApproval, List<String> heldPackages, String reboot, Integer rebootWarningMinutes, int version,
                             String updatedBy, Instant updatedAt) {

    public static final List<String> KINDS = List.of("SITE", "GROUP");

    public PolicyOverride {
        heldPackages = heldPackages == null ? List.of() : List.copyOf(heldPackages);
    }

    /** The exceptions as someone fills them in; null (or blank) inherits the client's value. */
    public record Draft(Integer scanHours, Integer securityDeadlineDays, String securityApproval, List<String> heldPackages, String reboot,
                        Integer rebootWarningMinutes) {
    }
}
