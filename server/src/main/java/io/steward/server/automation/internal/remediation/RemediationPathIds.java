package io.steward.server.automation.internal.remediation;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A remediation rule is visible to staff who see its policy's client; an MSP-wide policy's rule to all staff. */
@Component
class RemediationPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.ofClientOrShared("ruleId", "remediation_rule", "client_id").forAudience(Audience.STAFF));
    }
}
