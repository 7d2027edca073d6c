package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.CreatedTicketWriter;
import io.steward.server.servicedesk.internal.SlaProjection;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tickets: raised by staff, the API or the client portal; worked through their lifecycle; assigned,
 * escalated and answered. Every change is written to the ticket's history, and the SLA projection
 * is recomputed from that history in the same transaction. Updates carry the version read.
 */
@Service
@EnableConfigurationProperties(ServiceDeskProperties.class)
public class TicketService {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};
    /** The name history shows for changes Steward makes by itself. */
    static final String SYSTEM_ACTOR = "Steward";

    private final TicketRepository tickets;
    private final ClientService clients;
    private final SlaProjection sla;
    private final TicketLifecycle lifecycle;
    private final Clock clock;
    private final ServiceDeskProperties properties;
    private final ApplicationEventPublisher events;
    private final io.steward.server.audit.AuditLog audit;
    private final CreatedTicketWriter writer;
    private final TransactionTemplate transactions;

    public TicketService(TicketRepository tickets, ClientService clients, SlaProjection sla, ServiceDeskProperties properties, Clock clock,
                         ApplicationEventPublisher events, io.steward.server.audit.AuditLog audit, CreatedTicketWriter writer,
                         TransactionTemplate transactions) {
        this.audit = audit;
        this.writer = writer;
        this.transactions = transactions;
        this.properties = properties;
        this.events = events;
        this.tickets = tickets;
        this.clients = clients;
        this.sla = sla;
        this.lifecycle = new TicketLifecycle(properties.reopenWindow());
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Ticket> list(Viewer viewer, TicketFilter filter, PageQuery page) {
        return tickets.list(viewer.scope(), filter, page, clock.instant());
    }

    @Transactional(readOnly = true)
    public Ticket get(Viewer viewer, TicketId id) {
        return tickets.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such ticket."));
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
        Ticket t = get(viewer, id);
        if (t.type() == TicketType.CHANGE) {
            return Optional.empty();
        }
        return sla.evaluate(viewer.scope(), t, tickets.clientZone(t.clientId()), tickets.history(viewer.scope(), id, true), clock.instant());
    }

    /** Staff who may take this ticket: enabled and serving its client. */
    @Transactional(readOnly = true)
    public List<java.util.Map.Entry<UUID, String>> assignableStaff(Viewer viewer, TicketId id) {
        return tickets.assignableStaff(get(viewer, id).clientId());
    }

    /** The statuses this viewer may move the ticket to now. */
    public java.util.Set<TicketStatus> nextStatuses(Viewer viewer, Ticket t) {
        if (!viewer.isStaff()) {
            return t.status() == TicketStatus.RESOLVED ? java.util.Set.of(TicketStatus.IN_PROGRESS) : java.util.Set.of();
        }
        return lifecycle.next(t.status());
    }

    @Transactional(readOnly = true)
    public PriorityMatrix matrix() {
        return tickets.matrix();
    }

    /** Replaces the impact x urgency matrix (MSP admins); tickets keep the priority they have. */
    @Transactional
    public PriorityMatrix changeMatrix(Viewer viewer, java.util.Map<Level, java.util.Map<Level, Priority>> cells) {
        viewer.requireWriter(Role.MSP_ADMIN);
        PriorityMatrix matrix;
        try {
            matrix = new PriorityMatrix(cells);
        } catch (NullPointerException e) {
            throw new InvalidInputException("cells", "Give a priority for all nine impact and urgency pairs.");
        }
        audit.record("priority_matrix.updated", "priority_matrix", "", null, java.util.Map.of("cells", cells.toString()));
        tickets.saveMatrix(matrix);
        return tickets.matrix();
    }

    /**
     * Creates a ticket. Not one transaction: the checks only read, and the ticket with its creation event is one
     * write, handed to {@link CreatedTicketWriter} to share a commit with tickets created at the same moment. A
     * change writes several rows and has a transaction of its own.
     */
    public Ticket create(Viewer viewer, TicketDraft draft) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
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
        Priority computed = tickets.matrix().priorityOf(draft.impact(), draft.urgency());
        Priority priority = computed;
        String reason = null;
        if (draft.priorityOverride() != null && draft.priorityOverride() != computed) {
            reason = required(draft.priorityReason(), "priorityReason", "Say why the priority differs from the matrix.", 500);
            priority = draft.priorityOverride();
        }
        Instant now = clock.instant();
        Ticket t = new Ticket(TicketId.random(), 0, client.id(), client.name(), siteOf(client.id(), draft.siteId()),
                requesterOf(client.id(), draft.requesterId()), draft.type(), title, text(draft.description()), text(draft.category()),
                draft.impact(), draft.urgency(), priority, reason, TicketStatus.NEW, 1, null, null, source, now, null, null, null,
                TicketSla.NONE, now, 0);
        boolean emergency = Boolean.TRUE.equals(draft.emergency());
        if (emergency && t.type() != TicketType.CHANGE) {
            throw new InvalidInputException("emergency", "Only a change can be flagged as an emergency.");
        }
        if (t.type() == TicketType.CHANGE) {
            String priorityReason = reason;
            return transactions.execute(status -> {
                long number = tickets.insertCreated(new NewTicket(t, now, viewer.userId(), viewer.displayName(), viewer.isStaff(), priorityReason));
                tickets.insertChange(t, viewer.userId(), emergency);
                if (emergency) {
                    change(viewer, t, now, ChangeService.FIELD_EMERGENCY, "false", "true");
                }
                return withNumberAndSla(t, number, TicketSla.NONE);
            });
        }
        return insertNew(viewer.scope(), t, ZoneId.of(client.timeZone()), now, viewer.userId(), viewer.displayName(), viewer.isStaff(), reason);
    }

    /**
     * Inserts a new ticket with its creation event and its SLA projection in one row write: a new
     * ticket's history is its creation alone, so the projection needs no read-back.
     */
    private Ticket insertNew(io.steward.server.shared.TenantScope scope, Ticket t, ZoneId zone, Instant now, UserId actorId, String actor,
                             boolean staff, String reason) {
        List<HistoryEntry> history = List.of(new HistoryEntry(0, now, actor, staff, HistoryEntry.Kind.CREATED, "priority", null,
                t.priority().name(), reason));
        Ticket projected = withNumberAndSla(t, 0, sla.project(scope, t, zone, history, now));
        long number = writer.write(scope, new NewTicket(projected, now, actorId, actor, staff, reason));
        return withNumberAndSla(projected, number, projected.sla());
    }

    private static Ticket withNumberAndSla(Ticket t, long number, TicketSla sla) {
        return new Ticket(t.id(), number, t.clientId(), t.clientName(), t.siteId(), t.requesterId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priority(), t.priorityReason(), t.status(), t.tier(), t.assigneeId(), t.assigneeName(),
                t.source(), t.openedAt(), t.firstResponseAt(), t.resolvedAt(), t.closedAt(), sla, t.updatedAt(), t.version());
    }

    @Transactional
    public Ticket update(Viewer viewer, TicketId id, TicketUpdate u, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket before = current(viewer, id, expectedVersion);
        requireOpen(before);
        Priority computed = tickets.matrix().priorityOf(u.impact(), u.urgency());
        Priority priority = computed;
        String reason = null;
        if (u.priorityOverride() != null && u.priorityOverride() != computed) {
            reason = required(u.priorityReason(), "priorityReason", "Say why the priority differs from the matrix.", 500);
            priority = u.priorityOverride();
        }
        Ticket after = new Ticket(id, before.number(), before.clientId(), before.clientName(), siteOf(before.clientId(), u.siteId()),
                requesterOf(before.clientId(), u.requesterId()), before.type(), required(u.title(), "title", "Give the ticket a title.", 200),
                text(u.description()), text(u.category()), u.impact(), u.urgency(), priority, reason, before.status(), before.tier(),
                before.assigneeId(), before.assigneeName(), before.source(), before.openedAt(), before.firstResponseAt(), before.resolvedAt(),
                before.closedAt(), before.sla(), before.updatedAt(), before.version());
        Instant now = clock.instant();
        change(viewer, after, now, "title", before.title(), after.title());
        change(viewer, after, now, "description", before.description(), after.description());
        change(viewer, after, now, "category", before.category(), after.category());
        change(viewer, after, now, "impact", before.impact().name(), after.impact().name());
        change(viewer, after, now, "urgency", before.urgency().name(), after.urgency().name());
        change(viewer, after, now, "site", str(before.siteId()), str(after.siteId()));
        change(viewer, after, now, "requester", str(before.requesterId()), str(after.requesterId()));
        if (before.priority() != after.priority()) {
            tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.FIELD_CHANGED, "priority",
                    before.priority().name(), after.priority().name(), reason);
        }
        save(viewer, after, expectedVersion, now);
        return refreshSla(viewer, id);
    }

    /** Moves the ticket through its lifecycle; client users may only reopen a resolved ticket. */
    @Transactional
    public Ticket changeStatus(Viewer viewer, TicketId id, TicketStatus to, int expectedVersion) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        Ticket found = get(viewer, id);
        if (!viewer.isStaff() && !(found.status() == TicketStatus.RESOLVED && to == TicketStatus.IN_PROGRESS)) {
            throw new ForbiddenException("You can reopen a resolved ticket; everything else is up to your MSP.");
        }
        Ticket before = current(viewer, id, expectedVersion);
        if (before.type() == TicketType.CHANGE) {
            throw new ConflictException("status", "A change moves through its stages (submit, approve, schedule, implement, review).");
        }
        Instant now = clock.instant();
        String refusal = lifecycle.refusal(before.status(), to, before.resolvedAt(), now);
        if (refusal != null) {
            throw new ConflictException("status", refusal);
        }
        Ticket after = withStatus(before, to, now);
        tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), viewer.isStaff(), HistoryEntry.Kind.STATUS_CHANGED, "status",
                before.status().name(), to.name(), null);
        save(viewer, after, expectedVersion, now);
        return refreshSla(viewer, id);
    }

    /** Assigns to a staff member who sees the client, or unassigns with null; a new ticket becomes assigned. */
    @Transactional
    public Ticket assign(Viewer viewer, TicketId id, UUID assignee, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket before = current(viewer, id, expectedVersion);
        requireOpen(before);
        String name = null;
        if (assignee != null) {
            name = tickets.assignableStaffName(assignee, before.clientId())
                    .orElseThrow(() -> new InvalidInputException("assigneeId", "Assign to an enabled staff member who serves this client."));
        }
        Instant now = clock.instant();
        TicketStatus status = before.status();
        if (assignee != null && status == TicketStatus.NEW) {
            status = TicketStatus.ASSIGNED;
        } else if (assignee == null && status == TicketStatus.ASSIGNED) {
            status = TicketStatus.NEW;
        }
        Ticket after = reassigned(withStatus(before, status, now), assignee == null ? null : new UserId(assignee), name, before.tier());
        tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.ASSIGNED, "assignee",
                before.assigneeName(), name, null);
        recordStatusChange(viewer, before, after, now);
        save(viewer, after, expectedVersion, now);
        return refreshSla(viewer, id);
    }

    /** Raises the ticket to the next support tier's queue, unassigned, with the reason in its history. */
    @Transactional
    public Ticket escalate(Viewer viewer, TicketId id, String reason, int expectedVersion) {
        viewer.requireWriter(STAFF);
        Ticket before = current(viewer, id, expectedVersion);
        requireOpen(before);
        if (before.tier() >= 3) {
            throw new ConflictException("tier", "The ticket is already in the tier 3 queue.");
        }
        String why = required(reason, "reason", "Say why the ticket needs the next tier.", 2000);
        Instant now = clock.instant();
        TicketStatus status = before.status() == TicketStatus.ASSIGNED ? TicketStatus.NEW : before.status();
        Ticket after = reassigned(withStatus(before, status, now), null, null, before.tier() + 1);
        tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.ESCALATED, "tier",
                String.valueOf(before.tier()), String.valueOf(after.tier()), why);
        recordStatusChange(viewer, before, after, now);
        save(viewer, after, expectedVersion, now);
        return refreshSla(viewer, id);
    }

    /**
     * A public reply or an internal note. The first public reply by staff stops the response clock;
     * a client's reply to a ticket waiting on them puts it back in progress.
     */
    @Transactional
    public Ticket reply(Viewer viewer, TicketId id, String body, boolean internal) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        if (internal && !viewer.isStaff()) {
            throw new ForbiddenException("Internal notes are for MSP staff.");
        }
        Ticket before = get(viewer, id);
        if (before.status() == TicketStatus.CLOSED) {
            throw new ConflictException("body", "The ticket is closed; raise a new one.");
        }
        String text = required(body, "body", "Write something.", 100_000);
        Instant now = clock.instant();
        Ticket after = before;
        if (!internal && viewer.isStaff() && before.firstResponseAt() == null) {
            after = withFirstResponse(before, now);
        }
        tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), viewer.isStaff(),
                internal ? HistoryEntry.Kind.INTERNAL_NOTE : HistoryEntry.Kind.PUBLIC_REPLY, null, null, null, text);
        if (!viewer.isStaff() && before.status() == TicketStatus.WAITING_ON_CLIENT) {
            after = withStatus(after, TicketStatus.IN_PROGRESS, now);
            tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), false, HistoryEntry.Kind.STATUS_CHANGED, "status",
                    before.status().name(), TicketStatus.IN_PROGRESS.name(), "client replied");
        }
        save(viewer, after, before.version(), now);
        return refreshSla(viewer, id);
    }

    /**
     * Announces SLA warnings and breaches whose instant has passed, once per due instant, and
     * records the breach on the ticket. Runs on the scheduler, in system scope; returns how many
     * moments it announced.
     */
    @Transactional
    public int announceSlaMoments() {
        Instant now = clock.instant();
        int announced = 0;
        for (Object[] m : tickets.slaMomentsDue(now, 500)) {
            TicketId id = new TicketId((UUID) m[0]);
            String kind = (String) m[1];
            Instant due = (Instant) m[2];
            tickets.noteSlaMoment(id, kind, due);
            Ticket t = tickets.find(io.steward.server.shared.TenantScope.all(), id).orElse(null);
            if (t == null || !tickets.markSlaMoment(t, kind, due, now)) {
                continue;
            }
            announced++;
            UUID assignee = t.assigneeId() == null ? null : t.assigneeId().value();
            if ("BREACH".equals(kind)) {
                Ticket updated = refreshSla(io.steward.server.shared.TenantScope.all(), t.id());
                events.publishEvent(new SlaBreached(id, t.number(), t.clientId(), t.title(), assignee, due));
                if (properties.escalateOnBreach() && updated.tier() < 3 && updated.status().open()) {
                    Ticket escalated = reassigned(updated, null, null, updated.tier() + 1);
                    tickets.addEvent(escalated, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.ESCALATED, "tier",
                            String.valueOf(updated.tier()), String.valueOf(escalated.tier()), "SLA breached");
                    tickets.update(io.steward.server.shared.TenantScope.all(), escalated, updated.version(), now);
                }
            } else {
                events.publishEvent(new SlaWarning(id, t.number(), t.clientId(), t.title(), assignee, due));
            }
        }
        return announced;
    }

    /** Closes tickets resolved longer ago than the auto-close period. Runs on the scheduler, in system scope. */
    @Transactional
    public int closeLongResolved() {
        Instant now = clock.instant();
        int closed = 0;
        for (UUID raw : tickets.resolvedBefore(now.minus(properties.autoCloseAfter()), 500)) {
            Ticket t = tickets.find(io.steward.server.shared.TenantScope.all(), new TicketId(raw)).orElseThrow();
            Ticket after = withStatus(t, TicketStatus.CLOSED, now);
            tickets.addEvent(after, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.STATUS_CHANGED, "status", t.status().name(),
                    TicketStatus.CLOSED.name(), "closed automatically after " + properties.autoCloseAfter().toDays() + " days resolved");
            if (tickets.update(io.steward.server.shared.TenantScope.all(), after, t.version(), now)) {
                closed++;
            }
        }
        return closed;
    }

    /**
     * Opens an incident for an alert: source ALERT, tier 1 queue, priority from the matrix, the SLA of
     * the client's contract. Runs in the alert's transaction and scope; Steward is the actor.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public Ticket openFromAlert(ClientId clientId, String title, String description, Level impact, Level urgency) {
        return openFromAlert(clientId, TicketType.INCIDENT, title, description, impact, urgency);
    }

    /** Opens a ticket of {@code type} (an incident, or a service request for a forecast) raised by monitoring. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public Ticket openFromAlert(ClientId clientId, TicketType type, String title, String description, Level impact, Level urgency) {
        Instant now = clock.instant();
        Priority priority = tickets.matrix().priorityOf(impact, urgency);
        Ticket t = new Ticket(TicketId.random(), 0, clientId, tickets.clientName(clientId), null, null, type,
                title.length() > 200 ? title.substring(0, 200) : title, description, "monitoring", impact, urgency, priority, null,
                TicketStatus.NEW, 1, null, null, TicketSource.ALERT, now, null, null, null, TicketSla.NONE, now, 0);
        return insertNew(io.steward.server.shared.TenantScope.of(clientId), t, tickets.clientZone(clientId), now, null, SYSTEM_ACTOR, true,
                "raised by an alert");
    }

    /**
     * The alert behind an incident cleared: resolve the incident with a note, unless someone already
     * worked on it; then only add the note and leave closing to a human.
     *
     * @return true if the incident was resolved
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean settleFromAlert(ClientId clientId, TicketId id, String note) {
        io.steward.server.shared.TenantScope scope = io.steward.server.shared.TenantScope.of(clientId);
        Ticket t = tickets.find(scope, id).orElse(null);
        if (t == null || !t.status().open()) {
            return false;
        }
        Instant now = clock.instant();
        boolean touched = tickets.history(scope, id, true).stream()
                .anyMatch(h -> h.kind() != HistoryEntry.Kind.CREATED && !SYSTEM_ACTOR.equals(h.actor()));
        if (touched) {
            tickets.addEvent(t, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null,
                    note + " Someone has worked on this ticket, so it is left for them to resolve.");
            return false;
        }
        Ticket after = withStatus(t, TicketStatus.RESOLVED, now);
        if (!tickets.update(scope, after, t.version(), now)) {
            // Changed since it was read: someone is on it, so they resolve it; the note still tells them the alert cleared.
            tickets.addEvent(t, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
            return false;
        }
        tickets.addEvent(after, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
        tickets.addEvent(after, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.STATUS_CHANGED, "status", t.status().name(),
                TicketStatus.RESOLVED.name(), "alert cleared");
        refreshSla(scope, id);
        return true;
    }

    /** Adds monitoring's internal note to a ticket that is still open; false if it is done or gone. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean noteFromAlert(ClientId clientId, TicketId id, String note) {
        Ticket t = tickets.find(io.steward.server.shared.TenantScope.of(clientId), id).orElse(null);
        if (t == null || !t.status().open()) {
            return false;
        }
        tickets.addEvent(t, clock.instant(), null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
        return true;
    }

    /**
     * The same alert fired again soon after it cleared: a ticket still open gets a note; a resolved
     * one is reopened (NEW when nobody was assigned, else IN_PROGRESS) with the note. A closed or
     * missing ticket cannot be reused.
     *
     * @return the reused ticket, or empty when a new one must be opened
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public java.util.Optional<Ticket> refireFromAlert(ClientId clientId, TicketId id, String note) {
        io.steward.server.shared.TenantScope scope = io.steward.server.shared.TenantScope.of(clientId);
        Ticket t = tickets.find(scope, id).orElse(null);
        if (t == null || t.status() == TicketStatus.CLOSED) {
            return java.util.Optional.empty();
        }
        Instant now = clock.instant();
        if (t.status().open()) {
            tickets.addEvent(t, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
            return java.util.Optional.of(t);
        }
        TicketStatus to = t.assigneeId() == null ? TicketStatus.NEW : TicketStatus.IN_PROGRESS;
        Ticket after = withStatus(t, to, now);
        if (!tickets.update(scope, after, t.version(), now)) {
            // Someone changed the ticket since it was read: a new incident is safer than a reopen that did not happen.
            return java.util.Optional.empty();
        }
        tickets.addEvent(after, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.INTERNAL_NOTE, null, null, null, note);
        tickets.addEvent(after, now, null, SYSTEM_ACTOR, true, HistoryEntry.Kind.STATUS_CHANGED, "status", t.status().name(), to.name(),
                "alert fired again");
        refreshSla(scope, id);
        return java.util.Optional.of(after);
    }

    /** Moves a change's ticket to the status its new stage implies, with the stage change in its history. */
    Ticket followChangeStage(Viewer viewer, Ticket before, ChangeStage from, ChangeStage to, String note) {
        Instant now = clock.instant();
        Ticket after = withStatus(before, to.ticketStatus(), now);
        tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), viewer.isStaff(), HistoryEntry.Kind.STATUS_CHANGED, "stage",
                from.name(), to.name(), note);
        save(viewer, after, before.version(), now);
        return get(viewer, before.id());
    }

    /** Writes a change-management field (risk, emergency flag, outcome) to the ticket's history if it changed. */
    void recordChangeField(Viewer viewer, Ticket t, String field, String before, String after) {
        change(viewer, t, clock.instant(), field, before, after);
    }

    /** Writes the status change an assignment or escalation implied, if it implied one. */
    private void recordStatusChange(Viewer viewer, Ticket before, Ticket after, Instant now) {
        if (after.status() != before.status()) {
            tickets.addEvent(after, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.STATUS_CHANGED, "status",
                    before.status().name(), after.status().name(), null);
        }
    }

    private Ticket current(Viewer viewer, TicketId id, int expectedVersion) {
        Ticket t = get(viewer, id);
        if (t.version() != expectedVersion) {
            throw new StaleVersionException(t.version(), t);
        }
        return t;
    }

    private void save(Viewer viewer, Ticket t, int expectedVersion, Instant now) {
        if (!tickets.update(viewer.scope(), t, expectedVersion, now)) {
            Ticket now2 = get(viewer, t.id());
            throw new StaleVersionException(now2.version(), now2);
        }
    }

    private Ticket refreshSla(Viewer viewer, TicketId id) {
        return refreshSla(viewer.scope(), id);
    }

    /** Recomputes and stores a ticket's SLA projection from its history: the one place every change path ends in. */
    private Ticket refreshSla(io.steward.server.shared.TenantScope scope, TicketId id) {
        Ticket t = tickets.find(scope, id).orElseThrow(() -> new NotFoundException("No such ticket."));
        if (t.type() == TicketType.CHANGE) {
            // A change is measured against its approved window, not against incident response targets.
            return t;
        }
        tickets.saveSla(id, sla.project(scope, t, tickets.clientZone(t.clientId()), tickets.history(scope, id, true), clock.instant()));
        return tickets.find(scope, id).orElseThrow();
    }

    private Client visibleClient(Viewer viewer, ClientId id) {
        try {
            return clients.get(viewer, id);
        } catch (NotFoundException e) {
            throw new InvalidInputException("clientId", "No such client.");
        }
    }

    private SiteId siteOf(ClientId client, UUID site) {
        if (site == null) {
            return null;
        }
        if (!tickets.siteOf(site, client)) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        return new SiteId(site);
    }

    private ContactId requesterOf(ClientId client, UUID contact) {
        if (contact == null) {
            return null;
        }
        if (!tickets.contactOf(contact, client)) {
            throw new InvalidInputException("requesterId", "Choose a contact of this client.");
        }
        return new ContactId(contact);
    }

    private void change(Viewer viewer, Ticket t, Instant now, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            tickets.addEvent(t, now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.FIELD_CHANGED, field,
                    abbreviate(before), abbreviate(after), null);
        }
    }

    private static void requireOpen(Ticket t) {
        if (t.status() == TicketStatus.CLOSED) {
            throw new ConflictException("status", "A closed ticket cannot change; raise a new one.");
        }
    }

    private static Ticket withStatus(Ticket t, TicketStatus s, Instant now) {
        // Open statuses carry neither instant; closing keeps when the ticket was resolved.
        Instant resolved = s == TicketStatus.RESOLVED ? now : s == TicketStatus.CLOSED ? t.resolvedAt() : null;
        Instant closed = s == TicketStatus.CLOSED ? now : null;
        return new Ticket(t.id(), t.number(), t.clientId(), t.clientName(), t.siteId(), t.requesterId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priority(), t.priorityReason(), s, t.tier(), t.assigneeId(), t.assigneeName(),
                t.source(), t.openedAt(), t.firstResponseAt(), resolved, closed, t.sla(), t.updatedAt(), t.version());
    }

    private static Ticket reassigned(Ticket t, UserId assignee, String name, int tier) {
        return new Ticket(t.id(), t.number(), t.clientId(), t.clientName(), t.siteId(), t.requesterId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priority(), t.priorityReason(), t.status(), tier, assignee, name, t.source(),
                t.openedAt(), t.firstResponseAt(), t.resolvedAt(), t.closedAt(), t.sla(), t.updatedAt(), t.version());
    }

    private static Ticket withFirstResponse(Ticket t, Instant at) {
        return new Ticket(t.id(), t.number(), t.clientId(), t.clientName(), t.siteId(), t.requesterId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priority(), t.priorityReason(), t.status(), t.tier(), t.assigneeId(), t.assigneeName(),
                t.source(), t.openedAt(), at, t.resolvedAt(), t.closedAt(), t.sla(), t.updatedAt(), t.version());
    }

    private static String required(String value, String field, String message, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new InvalidInputException(field, message);
        }
        if (v.length() > max) {
            throw new InvalidInputException(field, "At most " + max + " characters.");
        }
        return v;
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** What history keeps of a long text field. */
    static String abbreviate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
