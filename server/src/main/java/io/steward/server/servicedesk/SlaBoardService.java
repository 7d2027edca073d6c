package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds the {@link SlaBoard} from the ticket list sorted by the nearest running due instant, so the board and the
 * queue read the same rows under the same scope. Staff only: the board is the service desk's, not the portal's.
 */
@Service
public class SlaBoardService {
    /** The most tickets the board shows; the list page size limit. */
    public static final int LIMIT = PageQuery.MAX_SIZE;

    private final TicketService tickets;
    private final ClientService clients;
    private final Clock clock;

    SlaBoardService(TicketService tickets, ClientService clients, Clock clock) {
        this.tickets = tickets;
        this.clients = clients;
        this.clock = clock;
    }

    /** The first {@code size} tickets of a list in the board's order: the nearest running SLA clock first, none running last. */
    public static PageQuery nearestDueFirst(int size) {
        return PageQuery.of(0, size, null, TicketRepository.SORTABLE, TicketRepository.NEAREST_DUE);
    }

    /** The board of the viewer's clients, or of one of them; a client outside the scope is not found, a tier outside 1-3 is refused. */
    @Transactional(readOnly = true)
    public SlaBoard board(Viewer viewer, ClientId client, Integer tier) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("The SLA board is for staff.");
        }
        if (tier != null && (tier < 1 || tier > 3)) {
            throw new InvalidInputException("tier", "tier is 1, 2 or 3.");
        }
        if (client != null) {
            clients.get(viewer, client);
        }
        Instant now = clock.instant();
        TicketFilter filter = new TicketFilter(null, client == null ? null : client.value(), TicketFilter.openTickets().statuses(), null,
                tier, null, false, null, null, null, null);
        Page<TicketView> page = tickets.list(viewer, filter, nearestDueFirst(LIMIT));
        // Tickets without a running clock sort last (NULLS LAST), so dropping them keeps the first due of those that run.
        List<SlaBoard.Entry> entries = page.items().stream().filter(t -> t.dueAt() != null).map(t -> entry(t, now)).toList();
        boolean more = page.hasNext() && entries.size() == page.items().size();
        long breached = entries.stream().filter(e -> "BREACHED".equals(e.standing())).count();
        long atRisk = entries.stream().filter(e -> "AT_RISK".equals(e.standing())).count();
        return new SlaBoard(now, client == null ? null : client.value(), tier, entries, breached, atRisk, entries.size() - breached - atRisk, more);
    }

    private static SlaBoard.Entry entry(TicketView t, Instant now) {
        String standing = t.sla().standing(now);
        return new SlaBoard.Entry(t.id(), t.reference(), t.title(), t.clientId().value(), t.clientName(), t.priority(), t.status(), t.tier(),
                t.assigneeName(), t.dueClock(), t.dueAt(), standing, Math.floorDiv(Duration.between(now, t.dueAt()).toSeconds(), 60));
    }
}
