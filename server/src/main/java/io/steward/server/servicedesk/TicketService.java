package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.ChangeRepository;
import io.steward.server.servicedesk.internal.PriorityMatrixRepository;
import io.steward.server.servicedesk.internal.SlaProjection;
import io.steward.server.servicedesk.internal.TicketAutomation;
import io.steward.server.servicedesk.internal.TicketInput;
import io.steward.server.servicedesk.internal.TicketJournal;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static io.steward.server.servicedesk.internal.TicketInput.required;
import static io.steward.server.servicedesk.internal.TicketInput.text;

/**
 * Tickets: raised by staff, the API or the client portal; worked through their lifecycle; assigned,
 * escalated and answered. Each move is decided by {@link Ticket} itself and written to the ticket's
 * history, and the SLA projection is recomputed from that history in the same transaction. Updates
 * carry the version read. What Steward does by itself (SLA announcements, auto-close, monitoring's
 * incidents) is {@code internal.TicketAutomation}'s.
 */
@Service
@EnableConfigurationProperties(ServiceDeskProperties.class)
public class TicketService {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};

    private final TicketRepository tickets;
    private final TicketJournal journal;
    private final TicketAutomation automation;
    private final ClientService clients;
    private final SlaProjection sla;
    private final TicketLifecycle lifecycle;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TicketInput input;
    private final ChangeRepository changes;
    private final PriorityMatrixRepository matrices;
    private final TicketVisibility visibility;

    public TicketService(TicketRepository tickets, TicketJournal journal, TicketAutomation automation, TicketInput input, ChangeRepository changes,
                         PriorityMatrixRepository matrices, ClientService clients, SlaProjection sla, ServiceDeskProperties properties, Clock clock,
                         TransactionTemplate transactions, TicketVisibility visibility) {
        this.visibility = visibility;
        this.tickets = tickets;
        this.journal = journal;
        this.automation = automation;
        this.input = input;
        this.changes = changes;
        this.matrices = matrices;
        this.clients = clients;
        this.sla = sla;
        this.lifecycle = new TicketLifecycle(properties.reopenWindow());
        this.clock = clock;
        this.transactions = transactions;
    }

    @Transactional(readOnly = true)
    public Page<TicketView> list(Viewer viewer, TicketFilter filter, PageQuery page) {
        return tickets.list(viewer.scope(), viewer.isStaff(), visibility.hidesAlertTickets(viewer), filter, page, clock.instant());
    }

    /** The ticket if the viewer sees it ({@link TicketVisibility}); every read and change of one ticket comes through here. */
    @Transactional(readOnly = true)
    public TicketView get(Viewer viewer, TicketId id) {
        return tickets.find(viewer.scope(), id).filter(t -> visibility.sees(viewer, t))
                .orElseThrow(() -> new NotFoundException("No such ticket."));
    }

    /** The ticket's history; client users do not see internal notes. */
    @Transactional(readOnly = true)
    public List<HistoryEntry> history(Viewer viewer, TicketId id) {
        get(viewer, id);
        return tickets.history(viewer.scope(), id, viewer.isStaff());
    }

    /** Both SLA clocks replayed from the history as of now, with the timeline; empty without a contract. */
    @Transactional(readOnly = true)
    public Optional<SlaStatus> sla(Viewer viewer, TicketId id) {
        TicketView t = get(viewer, id);
        if (t.type() == TicketType.CHANGE) {
            return Optional.empty();
        }
        return sla.evaluate(viewer.scope(), t.ticket(), tickets.clientZone(t.clientId()), tickets.history(viewer.scope(), id, true), clock.instant());
    }

    /** Staff who may take this ticket: enabled and serving its client. */
    @Transactional(readOnly = true)
    public List<java.util.Map.Entry<UUID, String>> assignableStaff(Viewer viewer, TicketId id) {
        return tickets.assignableStaff(get(viewer, id).clientId());
    }

    /** The statuses this viewer may move the ticket to now. */
    public java.util.Set<TicketStatus> nextStatuses(Viewer viewer, TicketView t) {
        if (!viewer.isStaff()) {
            return t.status() == TicketStatus.RESOLVED ? java.util.Set.of(TicketStatus.IN_PROGRESS) : java.util.Set.of();
        }
        return lifecycle.next(t.status());
    }

    /**
     * Creates a ticket. Not one transaction: the checks only read, and the ticket with its creation event is one
     * write, handed to {@link CreatedTicketWriter} to share a commit with tickets created at the same moment. A
     * change writes several rows and has a transaction of its own.
     */
    public TicketView create(Viewer viewer, TicketDraft draft) {
        requireWritable(viewer);
        Client client;
        TicketSource source;
        if (viewer.isStaff()) {
            if (draft.clientId() == null) {
                throw new InvalidInputException("clientId", "Choose the client the ticket is for.");
            }
            client = visibleClient(viewer, new ClientId(draft.clientId()));
            source = draft.source() == null ? TicketSource.WEB : draft.source();
        } else {
            if (draft.clientId() != null && !draft.clientId().equals(viewer.clientId().value())) {
                throw new InvalidInputException("clientId", "You can raise tickets for your own organisation only.");
            }
            if (draft.type() != TicketType.INCIDENT && draft.type() != TicketType.SERVICE_REQUEST) {
                throw new InvalidInputException("type", "Raise an incident or a service request.");
            }
            if (draft.priorityOverride() != null) {
                throw new InvalidInputException("priorityOverride", "The priority follows from impact and urgency.");
            }
            client = clients.get(viewer, viewer.clientId());
            source = TicketSource.PORTAL;
        }
        String title = required(draft.title(), "title", "Give the ticket a title.", 200);
        Priority computed = matrices.matrix().priorityOf(draft.impact(), draft.urgency());
        Priority priority = computed;
        String reason = null;
        if (draft.priorityOverride() != null && draft.priorityOverride() != computed) {
            reason = required(draft.priorityReason(), "priorityReason", "Say why the priority differs from the matrix.", 500);
            priority = draft.priorityOverride();
        }
        Instant now = clock.instant();
        Ticket t = new Ticket(TicketId.random(), 0, client.id(), input.siteOf(client.id(), draft.siteId()), input.requesterOf(client.id(), draft.requesterId()),
                draft.type(), title, text(draft.description()), text(draft.category()), draft.impact(), draft.urgency(), priority, reason,
                TicketStatus.NEW, 1, null, source, now, null, null, null, TicketSla.NONE, now, 0);
        boolean emergency = Boolean.TRUE.equals(draft.emergency());
        if (emergency && t.type() != TicketType.CHANGE) {
            throw new InvalidInputException("emergency", "Only a change can be flagged as an emergency.");
        }
        if (t.type() == TicketType.CHANGE) {
            String priorityReason = reason;
            return transactions.execute(status -> {
                long number = tickets.insertCreated(new NewTicket(t, now, viewer.userId(), viewer.displayName(), viewer.isStaff(), priorityReason));
                changes.insertChange(t, viewer.userId(), emergency);
                if (emergency) {
                    change(viewer, t, now, ChangeService.FIELD_EMERGENCY, "false", "true");
                }
                return TicketView.of(t.numbered(number, TicketSla.NONE), client.name(), null);
            });
        }
        return journal.insertNew(viewer.scope(), t, client.name(), ZoneId.of(client.timeZone()), now, actor(viewer), reason);
    }

    @Transactional
    public TicketView update(Viewer viewer, TicketId id, TicketUpdate u, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket before = current(viewer, id, expectedVersion).ticket();
        before.requireNotClosed();
        Priority computed = matrices.matrix().priorityOf(u.impact(), u.urgency());
        Priority priority = computed;
        String reason = null;
        if (u.priorityOverride() != null && u.priorityOverride() != computed) {
            reason = required(u.priorityReason(), "priorityReason", "Say why the priority differs from the matrix.", 500);
            priority = u.priorityOverride();
        }
        Ticket after = before.edited(input.siteOf(before.clientId(), u.siteId()), input.requesterOf(before.clientId(), u.requesterId()),
                required(u.title(), "title", "Give the ticket a title.", 200), text(u.description()), text(u.category()), u.impact(), u.urgency(),
                priority, reason);
        Instant now = clock.instant();
        journal.recordEdit(before, after, reason, now, actor(viewer));
        save(viewer, after, expectedVersion, now);
        return journal.refreshSla(viewer.scope(), id);
    }

    /** As {@link #changeStatus(Viewer, TicketId, TicketStatus, String, int)} without a resolution note. */
    @Transactional
    public TicketView changeStatus(Viewer viewer, TicketId id, TicketStatus to, int expectedVersion) {
        return changeStatus(viewer, id, to, null, expectedVersion);
    }

    /**
     * Moves the ticket through its lifecycle; client users may only reopen a resolved ticket. Resolving needs a note
     * on how: it is kept on the ticket and sent to the client as a public reply.
     */
    @Transactional
    public TicketView changeStatus(Viewer viewer, TicketId id, TicketStatus to, String resolutionNote, int expectedVersion) {
        requireWritable(viewer);
        TicketView found = get(viewer, id);
        if (!viewer.isStaff() && !(found.status() == TicketStatus.RESOLVED && to == TicketStatus.IN_PROGRESS)) {
            throw new ForbiddenException("You can reopen a resolved ticket; everything else is up to your MSP.");
        }
        Ticket before = current(viewer, id, expectedVersion).ticket();
        Instant now = clock.instant();
        Ticket.Transition move = before.moveTo(to, lifecycle, now);
        if (to == TicketStatus.RESOLVED) {
            // A move the lifecycle refuses (409) says more than a missing note (400), so the note is checked second.
            String note = required(resolutionNote, "resolutionNote", "Say how the ticket was resolved; the client receives it as a reply.", 10_000);
            tickets.resolutionNote(id, note);
            move = before.resolveWith(note, lifecycle, now);
        }
        return apply(viewer, move, expectedVersion, now);
    }

    /** "Take it": assigns the ticket to the viewer and puts it in progress, as one change of the version read (409 if done). */
    @Transactional
    public TicketView take(Viewer viewer, TicketId id, int expectedVersion) {
        get(viewer, id); // another client's ticket is 404 to everyone, before any question of role
        viewer.requireWriter(STAFF);
        TicketView before = current(viewer, id, expectedVersion);
        String me = tickets.assignableStaffName(viewer.userId().value(), before.clientId())
                .orElseThrow(() -> new ForbiddenException("Only enabled staff who serve this client can take its tickets."));
        Instant now = clock.instant();
        return apply(viewer, before.ticket().take(viewer.userId(), before.assigneeName(), me, lifecycle, now), expectedVersion, now);
    }

    /** Assigns to a staff member who sees the client, or unassigns with null; a new ticket becomes assigned. */
    @Transactional
    public TicketView assign(Viewer viewer, TicketId id, UUID assignee, int expectedVersion) {
        viewer.requireWriter(STAFF);
        TicketView before = current(viewer, id, expectedVersion);
        before.ticket().requireNotClosed();
        String name = null;
        if (assignee != null) {
            name = tickets.assignableStaffName(assignee, before.clientId())
                    .orElseThrow(() -> new InvalidInputException("assigneeId", "Assign to an enabled staff member who serves this client."));
        }
        Instant now = clock.instant();
        return apply(viewer, before.ticket().assign(assignee == null ? null : new UserId(assignee), before.assigneeName(), name, now),
                expectedVersion, now);
    }

    /** Raises the ticket to the next support tier's queue, unassigned, with the reason in its history. */
    @Transactional
    public TicketView escalate(Viewer viewer, TicketId id, String reason, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket before = current(viewer, id, expectedVersion).ticket();
        before.requireEscalatable();
        String why = required(reason, "reason", "Say why the ticket needs the next tier.", 2000);
        Instant now = clock.instant();
        return apply(viewer, before.escalate(why, now), expectedVersion, now);
    }

    /**
     * A public reply or an internal note. The first public reply by staff stops the response clock;
     * a client's reply to a ticket waiting on them puts it back in progress.
     */
    @Transactional
    public TicketView reply(Viewer viewer, TicketId id, String body, boolean internal) {
        requireWritable(viewer);
        if (internal && !viewer.isStaff()) {
            throw new ForbiddenException("Internal notes are for MSP staff.");
        }
        Ticket before = get(viewer, id).ticket();
        if (before.status() == TicketStatus.CLOSED) {
            throw new ConflictException("body", "The ticket is closed; raise a new one.");
        }
        String text = required(body, "body", "Write something.", 100_000);
        Instant now = clock.instant();
        return apply(viewer, before.reply(text, internal, viewer.isStaff(), now), before.version(), now);
    }

    /** Announces SLA warnings and breaches whose instant has passed, once each; runs on the scheduler, in system scope. */
    public int announceSlaMoments() {
        return automation.announceSlaMoments();
    }

    /** Closes tickets resolved longer ago than the auto-close period. Runs on the scheduler, in system scope. */
    public int closeLongResolved() {
        return automation.closeLongResolved();
    }

    /** Opens an incident for an alert, in the alert's transaction and scope; Steward is the actor. */
    public TicketView openFromAlert(ClientId clientId, String title, String description, Level impact, Level urgency) {
        return automation.openFromAlert(clientId, TicketType.INCIDENT, title, description, impact, urgency);
    }

    /** Opens a ticket of {@code type} (an incident, or a service request for a forecast) raised by monitoring. */
    public TicketView openFromAlert(ClientId clientId, TicketType type, String title, String description, Level impact, Level urgency) {
        return automation.openFromAlert(clientId, type, title, description, impact, urgency);
    }

    /** The alert behind an incident cleared: resolves it unless someone worked on it; true if it was resolved. */
    public boolean settleFromAlert(ClientId clientId, TicketId id, String note) {
        return automation.settleFromAlert(clientId, id, note);
    }

    /** Adds monitoring's internal note to a ticket that is still open; false if it is done or gone. */
    public boolean noteFromAlert(ClientId clientId, TicketId id, String note) {
        return automation.noteFromAlert(clientId, id, note);
    }

    /** The same alert fired again: an open ticket gets a note, a resolved one is reopened; empty when a new one must be opened. */
    public Optional<TicketView> refireFromAlert(ClientId clientId, TicketId id, String note) {
        return automation.refireFromAlert(clientId, id, note);
    }

    /** Moves a change's ticket to the status its new stage implies, with the stage change in its history. */
    TicketView followChangeStage(Viewer viewer, TicketView before, ChangeStage from, ChangeStage to, String note) {
        Instant now = clock.instant();
        Ticket.Transition move = before.ticket().followStage(from, to, note, now);
        journal.record(move, now, actor(viewer));
        save(viewer, move.after(), before.version(), now);
        return get(viewer, before.id());
    }

    /** Writes a change-management field (risk, emergency flag, outcome) to the ticket's history if it changed. */
    void recordChangeField(Viewer viewer, TicketView t, String field, String before, String after) {
        change(viewer, t.ticket(), clock.instant(), field, before, after);
    }

    /** Writes a person's move: its history entries, the new state if the version still holds, then the SLA projection. */
    private TicketView apply(Viewer viewer, Ticket.Transition move, int expectedVersion, Instant now) {
        journal.record(move, now, actor(viewer));
        save(viewer, move.after(), expectedVersion, now);
        return journal.refreshSla(viewer.scope(), move.after().id());
    }

    private static void requireWritable(Viewer viewer) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
    }

    private static Actor actor(Viewer viewer) {
        return new Actor(viewer.userId(), viewer.displayName(), viewer.isStaff());
    }

    private TicketView current(Viewer viewer, TicketId id, int expectedVersion) {
        TicketView t = get(viewer, id);
        if (t.version() != expectedVersion) {
            throw new StaleVersionException(t.version(), t);
        }
        return t;
    }

    private void save(Viewer viewer, Ticket t, int expectedVersion, Instant now) {
        if (!tickets.update(viewer.scope(), t, expectedVersion, now)) {
            TicketView now2 = get(viewer, t.id());
            throw new StaleVersionException(now2.version(), now2);
        }
    }

    private Client visibleClient(Viewer viewer, ClientId id) {
        try {
            return clients.get(viewer, id);
        } catch (NotFoundException e) {
            throw new InvalidInputException("clientId", "No such client.");
        }
    }

    private void change(Viewer viewer, Ticket t, Instant now, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            tickets.addEvent(t, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.FIELD_CHANGED, field,
                    TicketInput.abbreviate(before), TicketInput.abbreviate(after), null);
        }
    }
}
