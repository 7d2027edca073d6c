package io.steward.server.servicedesk.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.server.contracts.ContractService;
import io.steward.server.contracts.Priority;
import io.steward.server.contracts.PriorityTarget;
import io.steward.server.contracts.SlaTerms;
import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketSla;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.sla.ClockStatus;
import io.steward.server.servicedesk.sla.SlaClock;
import io.steward.server.servicedesk.sla.SlaEvent;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.servicedesk.sla.SlaTargets;
import io.steward.server.shared.TenantScope;
import org.springframework.stereotype.Component;

/**
 * Turns a ticket's history into SLA events and evaluates them with {@link SlaClock} under the
 * contract terms in force when the ticket was opened. Because the history is the only input, the
 * result can be recomputed at any time and always agrees with the ticket page's timeline.
 */
@Component
public class SlaProjection {
    private final ContractService contracts;

    public SlaProjection(ContractService contracts) {
        this.contracts = contracts;
    }

    /** The full evaluation as of {@code now}, or empty when the client had no contract when the ticket opened. */
    public Optional<SlaStatus> evaluate(TenantScope scope, Ticket ticket, ZoneId clientZone, List<HistoryEntry> history, Instant now) {
        Optional<SlaTerms> terms = contracts.termsAt(scope, ticket.clientId(), clientZone, ticket.openedAt());
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SlaClock.evaluate(terms.get().calendar(), events(terms.get(), ticket.openedAt(), history), now));
    }

    /** Replays a ticket's history under known terms, for callers that evaluate many tickets of one client at once. */
    public static SlaStatus replay(SlaTerms terms, Instant openedAt, List<HistoryEntry> history, Instant now) {
        return SlaClock.evaluate(terms.calendar(), events(terms, openedAt, history), now);
    }

    /** The stored projection: due instants for sorting and the state for filtering. */
    public TicketSla project(TenantScope scope, Ticket ticket, ZoneId clientZone, List<HistoryEntry> history, Instant now) {
        return evaluate(scope, ticket, clientZone, history, now).map(SlaProjection::summary).orElse(TicketSla.NONE);
    }

    static TicketSla summary(SlaStatus s) {
        ClockStatus response = s.response();
        ClockStatus resolution = s.resolution();
        Instant breachedAt = earliest(response.breachedAt(), resolution.breachedAt());
        Instant warnAt = null;
        if (response.state() == ClockStatus.State.RUNNING) {
            warnAt = response.warnAt();
        }
        if (resolution.state() == ClockStatus.State.RUNNING) {
            warnAt = earliest(warnAt, resolution.warnAt());
        }
        String state = breachedAt != null ? "BREACHED" : resolution.state().name();
        return new TicketSla(response.state() == ClockStatus.State.RUNNING ? response.due() : null,
                resolution.state() == ClockStatus.State.RUNNING ? resolution.due() : null, warnAt, state, breachedAt);
    }

    static List<SlaEvent> events(SlaTerms terms, Instant openedAt, List<HistoryEntry> history) {
        List<SlaEvent> events = new ArrayList<>();
        boolean responded = false;
        for (HistoryEntry h : history) {
            switch (h.kind()) {
                case CREATED -> events.add(new SlaEvent.Opened(openedAt, targets(terms, Priority.valueOf(h.newValue()))));
                case FIELD_CHANGED -> {
                    if ("priority".equals(h.field())) {
                        events.add(new SlaEvent.TargetsChanged(h.at(), targets(terms, Priority.valueOf(h.newValue()))));
                    }
                }
                case STATUS_CHANGED -> {
                    if (!"status".equals(h.field())) {
                        continue;
                    }
                    TicketStatus from = TicketStatus.valueOf(h.oldValue());
                    TicketStatus to = TicketStatus.valueOf(h.newValue());
                    if (to == TicketStatus.WAITING_ON_CLIENT) {
                        events.add(new SlaEvent.WaitingOnClient(h.at()));
                    } else if (to == TicketStatus.RESOLVED) {
                        events.add(new SlaEvent.Resolved(h.at()));
                    } else if (from == TicketStatus.RESOLVED && to.open()) {
                        events.add(new SlaEvent.Reopened(h.at()));
                    } else if (from == TicketStatus.WAITING_ON_CLIENT && to.open()) {
                        events.add(new SlaEvent.Resumed(h.at()));
                    }
                }
                case PUBLIC_REPLY -> {
                    if (h.staff() && !responded) {
                        responded = true;
                        events.add(new SlaEvent.FirstResponse(h.at()));
                    }
                }
                default -> {
                }
            }
        }
        return events;
    }

    private static SlaTargets targets(SlaTerms terms, Priority priority) {
        PriorityTarget t = terms.targets().get(priority);
        return new SlaTargets(t.response(), t.resolution(), t.aroundTheClock());
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
