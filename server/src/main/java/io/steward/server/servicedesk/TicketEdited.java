package io.steward.server.servicedesk;

import java.util.List;

/**
 * Staff edited a ticket's fields ({@code fields}: title, description, category, impact, urgency, priority, site,
 * requester), as history records them. Published in the writing transaction, once per edit that changed anything.
 */
public record TicketEdited(TicketRef ticket, List<String> fields) {
    public TicketEdited {
        fields = List.copyOf(fields);
    }
}
