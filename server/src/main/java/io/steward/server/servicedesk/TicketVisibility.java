package io.steward.server.servicedesk;

import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Component;

/**
 * Which tickets in a viewer's scope they see. Tickets monitoring opened (source ALERT) are the MSP's internal work: a client
 * contact sees them only when the MSP turned {@link io.steward.server.tenancy.Client#portalShowsAlertTickets()} on for their
 * client. Staff see every ticket in their scope.
 */
@Component
class TicketVisibility {
    private final ClientService clients;

    TicketVisibility(ClientService clients) {
        this.clients = clients;
    }

    /** Whether the viewer is a client contact whose client keeps alert tickets internal. */
    boolean hidesAlertTickets(Viewer viewer) {
        return !viewer.isStaff() && viewer.clientId() != null && !clients.get(viewer, viewer.clientId()).portalShowsAlertTickets();
    }

    boolean sees(Viewer viewer, TicketView t) {
        return t.source() != TicketSource.ALERT || !hidesAlertTickets(viewer);
    }
}
