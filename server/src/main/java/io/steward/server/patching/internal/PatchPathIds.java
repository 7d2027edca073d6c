package io.steward.server.patching.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A standard patch cycle is visible to staff who see its client. */
@Component
class PatchPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.ofClient("cycleId", "patch_cycle_run", "client_id").forAudience(Audience.STAFF));
    }
}
