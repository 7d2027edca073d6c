package io.steward.server.automation;

import java.util.Map;
import java.util.UUID;

/**
 * A remediation rule as submitted.
 *
 * @param parameters  values by parameter name (absent ones take the version's defaults); each must be among the
 *                    standard change's allowed values
 * @param maxAttempts runs per alert, 1 to 5 (default 1)
 */
public record RemediationRuleDraft(UUID policyId, UUID scriptVersionId, Map<String, String> parameters, Integer maxAttempts) {

    public RemediationRuleDraft {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
