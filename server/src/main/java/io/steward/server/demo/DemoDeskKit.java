package io.steward.server.demo;

import io.steward.server.servicedesk.CannedReplyDraft;
import io.steward.server.servicedesk.CannedReplyService;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketTemplateDraft;
import io.steward.server.servicedesk.TicketTemplateService;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import org.springframework.stereotype.Component;

/**
 * The service desk's everyday shortcuts as an MSP would have set them up: templates for the requests that come in
 * every week (one of them for the logistics client's depots only) and the replies technicians type most.
 */
@Component
class DemoDeskKit {
    private final TicketTemplateService templates;
    private final CannedReplyService replies;

    DemoDeskKit(TicketTemplateService templates, CannedReplyService replies) {
        this.templates = templates;
        this.replies = replies;
    }

    void seed(Viewer system, Client depots) {
        template(system, "New starter account", null, TicketType.SERVICE_REQUEST, "New starter: account, mailbox and laptop",
                "Name:\nStart date:\nRole and team:\nManager:\nLaptop or desktop:\nShared mailboxes and folders:", "Accounts", Level.LOW, Level.MEDIUM);
        template(system, "Password reset", null, TicketType.SERVICE_REQUEST, "Password reset",
                "User:\nVerified by call-back to the number on file: yes / no", "Accounts", Level.LOW, Level.HIGH);
        template(system, "Printer not printing", null, TicketType.INCIDENT, "Printer not printing",
                "Printer and location:\nWhat the display says:\nOthers affected:", "Printing", Level.MEDIUM, Level.MEDIUM);
        template(system, "Depot scanner not syncing", depots, TicketType.INCIDENT, "Handheld scanners not syncing at a depot",
                "Depot:\nHow many scanners:\nLoading on hold: yes / no", "Warehouse", Level.HIGH, Level.HIGH);

        reply(system, "Picked up", "Hi {{requester.firstName}},\n\nthanks for reporting this. I have picked up {{ticket.number}} and will"
                + " update you within the hour.\n\n{{technician.name}}");
        reply(system, "Please restart and try again", "Hi {{requester.firstName}},\n\nplease restart the computer and try once more, then"
                + " reply here whether the problem is still there.\n\nThank you,\n{{technician.firstName}}");
        reply(system, "Resolved, please confirm", "Hi {{requester.firstName}},\n\nwe believe {{ticket.number}} ({{ticket.title}}) is fixed."
                + " If anything is still wrong, just reply and the ticket opens again.\n\n{{technician.name}}, for {{client.name}}'s IT");
    }

    private void template(Viewer system, String name, Client client, TicketType type, String title, String description, String category,
                          Level impact, Level urgency) {
        templates.create(system, new TicketTemplateDraft(name, client == null ? null : client.id().value(), type, title, description, category,
                impact, urgency, null, null));
    }

    private void reply(Viewer system, String name, String body) {
        replies.create(system, new CannedReplyDraft(name, body));
    }
}
