package io.steward.server.alerting.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** Alerts, alert policies (one client's or everyone's), their exclusions and maintenance windows are visible to staff who see the client. */
@Component
class AlertingPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClientOrShared("alertPolicyId", "alert_policy", "client_id").forAudience(Audience.STAFF),
                PathIdRule.ofClient("alertId", "alert", "client_id").forAudience(Audience.STAFF),
                PathIdRule.ofClient("exclusionId", "alert_policy_exclusion", "client_id").forAudience(Audience.STAFF),
                PathIdRule.ofClient("maintenanceWindowId", "maintenance_window", "client_id").forAudience(Audience.STAFF),
                PathIdRule.ofClient("alertSourceId", "alert_source", "client_id").forAudience(Audience.STAFF));
    }
}
