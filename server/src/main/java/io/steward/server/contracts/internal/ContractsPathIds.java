package io.steward.server.contracts.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** Calendars and tiers are visible to all staff; a contract to staff who see its client. */
@Component
class ContractsPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.shared("calendarId", "coverage_calendar").forAudience(Audience.STAFF),
                PathIdRule.shared("tierId", "service_tier").forAudience(Audience.STAFF),
                PathIdRule.ofClient("contractId", "contract", "client_id").forAudience(Audience.STAFF));
    }
}
