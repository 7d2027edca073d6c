package io.steward.server.compliance.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A finding and a piece of manual evidence are visible to whoever sees their client (staff who serve it, its contacts). */
@Component
class CompliancePathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.ofClient("findingId", "compliance_finding", "client_id"),
                PathIdRule.ofClient("evidenceId", "compliance_manual_evidence", "client_id"));
    }
}
