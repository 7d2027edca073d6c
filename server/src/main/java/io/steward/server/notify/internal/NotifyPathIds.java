package io.steward.server.notify.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A notification id is visible to the user it was sent to. */
@Component
class NotifyPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofUser("notificationId", "notification", "user_id"));
    }
}
