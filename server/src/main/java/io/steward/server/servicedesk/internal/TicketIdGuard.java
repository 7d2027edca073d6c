package io.steward.server.servicedesk.internal;

import java.util.Set;

import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A ticket id in a path is visible to whoever sees the ticket's client. */
@Component
class TicketIdGuard implements PathIdGuard {
    private final TicketRepository tickets;

    TicketIdGuard(TicketRepository tickets) {
        this.tickets = tickets;
    }

    @Override
    public Set<String> variables() {
        return Set.of("ticketId", "linkedTicketId");
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        try {
            return tickets.find(viewer.scope(), TicketId.parse(value)).isPresent();
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
