package io.steward.server.notify.internal.mailbox;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A mailbox id is visible to MSP admins only (the MSP's configuration, no client's data). */
@Component
class MailboxPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.shared("mailboxId", "mailbox").forAudience(PathIdRule.Audience.MSP_ADMIN));
    }
}
