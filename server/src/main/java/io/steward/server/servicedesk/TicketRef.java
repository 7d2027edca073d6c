package io.steward.server.servicedesk;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;

/**
 * The ticket a service-desk event is about, as people name it ("T-12 Printer down"), and who acted:
 * {@code actor} is null when Steward itself did it (monitoring, the scheduler).
 */
public record TicketRef(TicketId id, long number, ClientId clientId, String title, UserId actor, String actorName) {

    public String reference() {
        return "T-" + number;
    }
}
