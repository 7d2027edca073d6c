package io.steward.server.notify.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A notification id is visible to the user it was sent to; a mail of the outbox to MSP admins (the delivery log is theirs). */
@Component
class NotifyPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofUser("notificationId", "notification", "user_id"),
                PathIdRule.ofClientOrShared("mailId", "mail_outbox", "client_id").forAudience(PathIdRule.Audience.MSP_ADMIN));
    }
}
