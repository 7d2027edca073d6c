package io.steward.server.servicedesk.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** Ticket and attachment ids are visible to whoever sees the ticket's client; a saved view only to its user;
 * templates (shared or of a client) and canned replies to staff. */
@Component
class ServiceDeskPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClient("ticketId", "ticket", "client_id"),
                PathIdRule.ofClient("linkedTicketId", "ticket", "client_id"),
                PathIdRule.ofClient("attachmentId", "attachment", "client_id"),
                PathIdRule.ofUser("viewId", "saved_ticket_view", "user_id"),
                PathIdRule.ofClientOrShared("templateId", "ticket_template", "client_id").forAudience(PathIdRule.Audience.STAFF),
                PathIdRule.shared("cannedReplyId", "canned_reply").forAudience(PathIdRule.Audience.STAFF));
    }
}
