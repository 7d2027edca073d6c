package io.steward.server.alerting;

import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A condition on a metric and where it applies. Scope: {@code clientId} null is an MSP-wide default;
 * with a client, at most one of {@code siteId}, {@code groupId}, {@code deviceId} narrows it. A more
 * specific policy for the same metric and severity replaces the inherited one (default, client,
 * site, device group, device); a disabled one switches the inherited one off. {@code exclusions}
 * take sites, groups or devices out of the policy.
 *
 * @param windowSeconds the samples the aggregation looks at (0: only the newest)
 * @param forSeconds    how long the aggregate must keep breaching before the alert opens
 * @param builtIn       shipped with Steward
 */
public record AlertPolicy(UUID id, ClientId clientId, String name, String metric, String comparison, double threshold, double recoveryThreshold,
                          String severity, boolean enabled, UUID siteId, UUID groupId, UUID deviceId, Aggregation aggregation, int windowSeconds,
                          int forSeconds, boolean builtIn, List<Exclusion> exclusions) {

    /** Takes one site, group or device (of {@code clientId}) out of a policy. */
    public record Exclusion(UUID id, ClientId clientId, UUID siteId, UUID groupId, UUID deviceId) {
    }

    public AlertCondition condition() {
        return new AlertCondition("ABOVE".equals(comparison), threshold, recoveryThreshold);
    }

    /** 0 default, 1 client, 2 site, 3 device group, 4 device: the higher, the more specific. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int level() {
        if (clientId == null) {
            return 0;
        }
        return deviceId != null ? 4 : groupId != null ? 3 : siteId != null ? 2 : 1;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("scope")
    public String scope() {
        return switch (level()) {
            case 0 -> "DEFAULT";
            case 1 -> "CLIENT";
            case 2 -> "SITE";
            case 3 -> "GROUP";
            default -> "DEVICE";
        };
    }

    public AlertPolicy withExclusions(List<Exclusion> list) {
        return new AlertPolicy(id, clientId, name, metric, comparison, threshold, recoveryThreshold, severity, enabled, siteId, groupId, deviceId,
                aggregation, windowSeconds, forSeconds, builtIn, List.copyOf(list));
    }
}
