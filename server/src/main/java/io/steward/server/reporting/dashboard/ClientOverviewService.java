package io.steward.server.reporting.dashboard;

import java.time.Clock;

import io.steward.server.contracts.ContractService;
import io.steward.server.devices.ClientFleetService;
import io.steward.server.servicedesk.SlaBoardService;
import io.steward.server.servicedesk.TicketFilter;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.Page;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Composes {@link ClientOverview} from the service desk's, registry's, contracts' and this module's APIs (no SQL of its
 * own): the same answers the client page's panels show. Staff only; a client out of scope is not found.
 */
@Service
public class ClientOverviewService {
    static final int FIRST = 10;

    private final ClientService clients;
    private final TicketService tickets;
    private final ClientFleetService fleets;
    private final ContractService contracts;
    private final LatestReport reports;
    private final Clock clock;

    ClientOverviewService(ClientService clients, TicketService tickets, ClientFleetService fleets, ContractService contracts, LatestReport reports,
                          Clock clock) {
        this.clients = clients;
        this.tickets = tickets;
        this.fleets = fleets;
        this.contracts = contracts;
        this.reports = reports;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ClientOverview of(Viewer viewer, ClientId id) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("The client overview is for staff; client users have the portal.");
        }
        Client client = clients.get(viewer, id);
        TicketFilter open = new TicketFilter(null, id.value(), TicketFilter.openTickets().statuses(), null, null, null, false, null, null, null, null);
        Page<TicketView> page = tickets.list(viewer, open, SlaBoardService.nearestDueFirst(FIRST));
        return new ClientOverview(clock.instant(), id.value(), client.name(), page.items(), page.total(), page.totalExact(),
                fleets.of(viewer, id, FIRST), contracts.inForce(viewer, id).orElse(null), reports.latest(viewer, id).orElse(null));
    }
}
