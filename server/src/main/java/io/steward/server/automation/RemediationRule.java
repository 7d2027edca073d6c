package io.steward.server.automation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * What Steward runs when an alert of a policy fires on a device: the script version of an active standard change, the
 * parameter values (within that change's allowed values), at most {@code maxAttempts} runs per alert, on that device only.
 *
 * @param clientId   the policy's client; null for an MSP-wide default policy
 * @param policyName the alert policy's name, as alerting shows it
 */
public record RemediationRule(UUID id, UUID policyId, String policyName, ClientId clientId, UUID scriptVersionId, String scriptName,
                              int scriptVersionNumber, Map<String, String> parameters, int maxAttempts, String createdByName, Instant createdAt) {
}
