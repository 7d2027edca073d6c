package io.steward.server.servicedesk.web;

import java.time.Clock;

import io.steward.server.servicedesk.SlaBoardService;
import io.steward.server.servicedesk.TicketFilter;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The client page's open-tickets panel, which the page loads into itself (htmx): the service desk owns tickets, tenancy does not. */
@Controller
class ClientTicketPanel {
    static final int FIRST = 10;

    private final TicketService tickets;
    private final Clock clock;

    ClientTicketPanel(TicketService tickets, Clock clock) {
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The client's open tickets, the nearest running clock first; the path guard answers 404 for a client out of scope. */
    @GetMapping("/clients/{clientId}/panels/tickets")
    String tickets(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        TicketFilter open = new TicketFilter(null, clientId.value(), TicketFilter.openTickets().statuses(), null, null, null, false, null, null,
                null, null);
        Page<TicketView> page = tickets.list(viewer, open, SlaBoardService.nearestDueFirst(FIRST));
        model.addAttribute("clientId", clientId);
        model.addAttribute("tickets", page);
        model.addAttribute("now", clock.instant());
        return "clients/panels :: tickets";
    }
}
