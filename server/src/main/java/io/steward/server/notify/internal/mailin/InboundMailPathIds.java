package io.steward.server.notify.internal.mailin;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** An inbound mail is for staff, within their client scope; one of no known client only for those who see every client. */
@Component
class InboundMailPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.ofClient("inboundMailId", "inbound_mail", "client_id").forAudience(PathIdRule.Audience.STAFF));
    }
}
