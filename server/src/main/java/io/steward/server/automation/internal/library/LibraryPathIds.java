package io.steward.server.automation.internal.library;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/**
 * Scripts and their versions are the MSP's, read by all staff; a standard change limited to one client is seen only
 * by whoever sees that client, one for every client by all staff.
 */
@Component
class LibraryPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.shared("scriptId", "script").forAudience(PathIdRule.Audience.STAFF),
                PathIdRule.shared("scriptVersionId", "script_version").forAudience(PathIdRule.Audience.STAFF),
                PathIdRule.ofClientOrShared("standardChangeId", "standard_change", "scope_client_id").forAudience(PathIdRule.Audience.STAFF));
    }
}
