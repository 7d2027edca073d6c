package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.PriorityMatrixRepository;
import io.steward.server.servicedesk.internal.SlaProjection;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings tickets over from a previous system with their original timestamps and history. The SLA
 * clocks are then computed from that history exactly as if Steward had been there, under the
 * contract in force when each ticket was opened. One request imports all its tickets or none.
 */
@Service
public class TicketImport {
    public static final int MAX_TICKETS = 1000;

    private final TicketRepository tickets;
    private final PriorityMatrixRepository matrices;
    private final ClientService clients;
    private final SlaProjection sla;
    private final Clock clock;

    public TicketImport(TicketRepository tickets, PriorityMatrixRepository matrices, ClientService clients, SlaProjection sla, Clock clock) {
        this.tickets = tickets;
        this.matrices = matrices;
        this.clients = clients;
        this.sla = sla;
        this.clock = clock;
    }

    /**
     * What happened to a ticket, in order: a status change, a priority change, a public reply or note, or an
     * assignment ({@code assigneeId}: a staff member who serves the client; absent: unassigned).
     */
    public record Event(@NotNull Instant at, @NotNull Kind kind, TicketStatus status, Priority priority, Boolean staff,
                        @Size(max = 100_000) String body, @Size(max = 200) String actor, UUID assigneeId) {
        /** The kinds of historical event Steward understands. */
        public enum Kind { STATUS, PRIORITY, PUBLIC_REPLY, INTERNAL_NOTE, ASSIGNED }

        /** An event without an assignee (every kind but ASSIGNED). */
        public Event(Instant at, Kind kind, TicketStatus status, Priority priority, Boolean staff, String body, String actor) {
            this(at, kind, status, priority, staff, body, actor, null);
        }
    }

    /** One ticket to import. */
    public record Item(@Size(max = 100) String externalRef, @NotNull UUID clientId, @NotNull TicketType type, @NotBlank @Size(max = 200) String title,
                       @Size(max = 100_000) String description, @NotNull Level impact, @NotNull Level urgency, Priority priority,
                       @NotNull Instant openedAt, TicketSource source, @Size(max = 500) List<@Valid @NotNull Event> events) {
    }

    /** The request body. */
    public record Request(@NotEmpty @Size(max = MAX_TICKETS) List<@Valid @NotNull Item> tickets) {
    }

    /** What was created, per item in request order. */
    public record Imported(String externalRef, TicketId id, long number, TicketStatus status, TicketSla sla) {
    }

    @Transactional
    public List<Imported> importAll(Viewer viewer, Request request) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        Instant now = clock.instant();
        PriorityMatrix matrix = matrices.matrix();
        List<Imported> out = new ArrayList<>();
        for (int i = 0; i < request.tickets().size(); i++) {
            out.add(importOne(viewer, request.tickets().get(i), "tickets[" + i + "]", matrix, now));
        }
        return out;
    }

    private Imported importOne(Viewer viewer, Item item, String path, PriorityMatrix matrix, Instant now) {
        Client client;
        try {
            client = clients.get(viewer, new ClientId(item.clientId()));
        } catch (NotFoundException e) {
            throw new InvalidInputException(path + ".clientId", "No such client.");
        }
        if (item.openedAt().isAfter(now)) {
            throw new InvalidInputException(path + ".openedAt", "A ticket cannot be opened in the future.");
        }
        Priority priority = item.priority() != null ? item.priority() : matrix.priorityOf(item.impact(), item.urgency());
        List<Event> events = item.events() == null ? List.of() : item.events();
        Instant previous = item.openedAt();
        for (int e = 0; e < events.size(); e++) {
            Event ev = events.get(e);
            String at = path + ".events[" + e + "]";
            if (ev.at().isBefore(previous) || ev.at().isAfter(now)) {
                throw new InvalidInputException(at + ".at", "Events must follow the opening and each other, and not lie in the future.");
            }
            previous = ev.at();
            switch (ev.kind()) {
                case STATUS -> {
                    if (ev.status() == null) {
                        throw new InvalidInputException(at + ".status", "A status event needs the new status.");
                    }
                }
                case PRIORITY -> {
                    if (ev.priority() == null) {
                        throw new InvalidInputException(at + ".priority", "A priority event needs the new priority.");
                    }
                }
                case PUBLIC_REPLY, INTERNAL_NOTE -> {
                    if (ev.body() == null || ev.body().isBlank()) {
                        throw new InvalidInputException(at + ".body", "A reply or note needs its text.");
                    }
                }
                case ASSIGNED -> {
                    if (ev.assigneeId() != null && tickets.assignableStaffName(ev.assigneeId(), client.id()).isEmpty()) {
                        throw new InvalidInputException(at + ".assigneeId", "Assign to an enabled staff member who serves this client.");
                    }
                }
            }
        }
        String origin = item.externalRef() == null ? "import" : "import " + item.externalRef();
        Ticket t = new Ticket(TicketId.random(), 0, client.id(), null, null, item.type(), item.title().strip(),
                item.description() == null ? "" : item.description().strip(), "", item.impact(), item.urgency(), priority,
                item.priority() == null ? null : "imported", TicketStatus.NEW, 1, null,
                item.source() == null ? TicketSource.API : item.source(), item.openedAt(), null, null, null, TicketSla.NONE, now, 0);
        tickets.insert(t, now);
        tickets.addEvent(t, item.openedAt(), null, origin, true, HistoryEntry.Kind.CREATED, "priority", null, priority.name(), null);
        TicketStatus status = TicketStatus.NEW;
        Priority current = priority;
        Instant firstResponse = null;
        Instant resolved = null;
        Instant closed = null;
        UserId assignee = null;
        String assigneeName = null;
        for (Event ev : events) {
            String actor = ev.actor() == null || ev.actor().isBlank() ? origin : ev.actor().strip();
            switch (ev.kind()) {
                case STATUS -> {
                    tickets.addEvent(t, ev.at(), null, actor, true, HistoryEntry.Kind.STATUS_CHANGED, "status", status.name(), ev.status().name(), null);
                    status = ev.status();
                    resolved = status == TicketStatus.RESOLVED ? ev.at() : status == TicketStatus.CLOSED ? resolved : null;
                    closed = status == TicketStatus.CLOSED ? ev.at() : null;
                }
                case PRIORITY -> {
                    tickets.addEvent(t, ev.at(), null, actor, true, HistoryEntry.Kind.FIELD_CHANGED, "priority", current.name(),
                            ev.priority().name(), "imported");
                    current = ev.priority();
                }
                case PUBLIC_REPLY -> {
                    boolean staff = ev.staff() == null || ev.staff();
                    tickets.addEvent(t, ev.at(), null, actor, staff, HistoryEntry.Kind.PUBLIC_REPLY, null, null, null, ev.body());
                    if (staff && firstResponse == null) {
                        firstResponse = ev.at();
                    }
                }
                case INTERNAL_NOTE -> tickets.addEvent(t, ev.at(), null, actor, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, ev.body());
                case ASSIGNED -> {
                    String name = ev.assigneeId() == null ? null : tickets.assignableStaffName(ev.assigneeId(), client.id()).orElseThrow();
                    tickets.addEvent(t, ev.at(), null, actor, true, HistoryEntry.Kind.ASSIGNED, "assignee", assigneeName, name, null);
                    assignee = ev.assigneeId() == null ? null : new UserId(ev.assigneeId());
                    assigneeName = name;
                }
            }
        }
        Ticket stored = tickets.find(viewer.scope(), t.id()).orElseThrow().ticket();
        Ticket finished = stored.asImported(current, status, assignee, firstResponse, resolved, closed);
        tickets.update(viewer.scope(), finished, stored.version(), now);
        TicketSla projected = sla.project(viewer.scope(), finished, tickets.clientZone(client.id()), tickets.history(viewer.scope(), t.id(), true), now);
        tickets.saveSla(t.id(), projected);
        return new Imported(item.externalRef(), t.id(), stored.number(), status, projected);
    }
}
