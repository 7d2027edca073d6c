package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.steward.server.contracts.Priority;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;

/**
 * A ticket as stored, and the moves it allows: each move refuses what is invalid (409, with the same
 * reasons as the service desk gives) and answers the new state with the history entries that record
 * it. Names shown beside it (client, assignee) live in {@link TicketView}. {@code sla} is the
 * projection of the SLA clocks at the last change; whether a due instant has passed is decided when
 * shown. A move never reads a clock: the caller passes the instant.
 */
public record Ticket(TicketId id, long number, ClientId clientId, SiteId siteId, ContactId requesterId, TicketType type, String title,
                     String description, String category, Level impact, Level urgency, Priority priority, String priorityReason,
                     TicketStatus status, int tier, UserId assigneeId, TicketSource source, Instant openedAt, Instant firstResponseAt,
                     Instant resolvedAt, Instant closedAt, TicketSla sla, Instant updatedAt, int version) {

    /** The highest support tier. */
    public static final int TOP_TIER = 3;
    /** How the public reply that carries a resolution note begins. */
    public static final String RESOLUTION_PREFIX = "Resolution: ";

    /** What a move records in the ticket's history; the caller adds who did it and when. */
    public record Entry(HistoryEntry.Kind kind, String field, String oldValue, String newValue, String note) {
    }

    /** A move's outcome: the ticket after it, and the history entries that record it, in order. */
    public record Transition(Ticket after, List<Entry> entries) {
        public Transition {
            Objects.requireNonNull(after);
            entries = List.copyOf(entries);
        }
    }

    public String reference() {
        return "T-" + number;
    }

    // ---- moves

    /**
     * Moves through the lifecycle as a person asks (see {@link TicketLifecycle}); a change moves through its stages instead.
     * Waiting on the client, resolving and reopening are such moves.
     */
    public Transition moveTo(TicketStatus to, TicketLifecycle lifecycle, Instant at) {
        if (type == TicketType.CHANGE) {
            throw new ConflictException("status", "A change moves through its stages (submit, approve, schedule, implement, review).");
        }
        String refusal = lifecycle.refusal(status, to, resolvedAt, at);
        if (refusal != null) {
            throw new ConflictException("status", refusal);
        }
        return new Transition(withStatus(to, at), List.of(statusEntry(to, null)));
    }

    /** Puts the ticket on hold until the client answers. */
    public Transition waitOnClient(TicketLifecycle lifecycle, Instant at) {
        return moveTo(TicketStatus.WAITING_ON_CLIENT, lifecycle, at);
    }

    public Transition resolve(TicketLifecycle lifecycle, Instant at) {
        return moveTo(TicketStatus.RESOLVED, lifecycle, at);
    }

    /**
     * A person resolves the ticket and tells the client how: the status change, then the note as a public reply
     * ("Resolution: ..."), which is the first response if there was none. The caller checked the note is there.
     */
    public Transition resolveWith(String note, TicketLifecycle lifecycle, Instant at) {
        Transition resolved = moveTo(TicketStatus.RESOLVED, lifecycle, at);
        Transition told = resolved.after().reply(RESOLUTION_PREFIX + note, false, true, at);
        List<Entry> entries = new ArrayList<>(resolved.entries());
        entries.addAll(told.entries());
        return new Transition(told.after(), entries);
    }

    /** Back to work on a resolved ticket, within the lifecycle's reopen window. */
    public Transition reopen(TicketLifecycle lifecycle, Instant at) {
        return moveTo(TicketStatus.IN_PROGRESS, lifecycle, at);
    }

    /**
     * Assigns to {@code assignee} (null unassigns): a new ticket becomes assigned, an assigned one without an assignee
     * new again. History records the names people know them by, given by the caller.
     */
    public Transition assign(UserId assignee, String previousName, String newName, Instant at) {
        requireNotClosed();
        TicketStatus to = status;
        if (assignee != null && status == TicketStatus.NEW) {
            to = TicketStatus.ASSIGNED;
        } else if (assignee == null && status == TicketStatus.ASSIGNED) {
            to = TicketStatus.NEW;
        }
        Ticket after = withStatus(to, at).withQueue(assignee, tier);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(HistoryEntry.Kind.ASSIGNED, "assignee", previousName, newName, null));
        if (to != status) {
            entries.add(statusEntry(to, null));
        }
        return new Transition(after, entries);
    }

    /**
     * "Take it": the ticket becomes the taker's and in progress, one transition with the entries of both moves.
     * Refused when it is no longer open or already the taker's and in progress.
     */
    public Transition take(UserId taker, String previousName, String takerName, TicketLifecycle lifecycle, Instant at) {
        if (!status.open()) {
            throw new ConflictException("status", "Only an open ticket can be taken; reopen it first.");
        }
        boolean mine = taker.equals(assigneeId);
        if (mine && status == TicketStatus.IN_PROGRESS) {
            throw new ConflictException("assigneeId", "The ticket is already yours and in progress.");
        }
        List<Entry> entries = new ArrayList<>();
        Ticket t = this;
        if (!mine) {
            Transition assigned = assign(taker, previousName, takerName, at);
            entries.addAll(assigned.entries());
            t = assigned.after();
        }
        if (t.status != TicketStatus.IN_PROGRESS) {
            Transition started = t.moveTo(TicketStatus.IN_PROGRESS, lifecycle, at);
            entries.addAll(started.entries());
            t = started.after();
        }
        return new Transition(t, entries);
    }

    /** Refuses an escalation of a closed ticket or of one already in the top tier's queue. */
    public void requireEscalatable() {
        requireNotClosed();
        if (tier >= TOP_TIER) {
            throw new ConflictException("tier", "The ticket is already in the tier " + TOP_TIER + " queue.");
        }
    }

    /** Raises the ticket to the next tier's queue, unassigned (an assigned ticket is new again there), saying why. */
    public Transition escalate(String reason, Instant at) {
        requireEscalatable();
        TicketStatus to = status == TicketStatus.ASSIGNED ? TicketStatus.NEW : status;
        Ticket after = withStatus(to, at).withQueue(null, tier + 1);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(HistoryEntry.Kind.ESCALATED, "tier", String.valueOf(tier), String.valueOf(tier + 1), reason));
        if (to != status) {
            entries.add(statusEntry(to, null));
        }
        return new Transition(after, entries);
    }

    /** After an SLA breach, an open ticket below the top tier goes to the next tier's queue, unassigned; its status stays. */
    public boolean escalatesOnBreach() {
        return tier < TOP_TIER && status.open();
    }

    public Transition escalateAfterBreach() {
        if (!escalatesOnBreach()) {
            throw new ConflictException("tier", "Only an open ticket below tier " + TOP_TIER + " is escalated on a breach.");
        }
        return new Transition(withQueue(null, tier + 1),
                List.of(new Entry(HistoryEntry.Kind.ESCALATED, "tier", String.valueOf(tier), String.valueOf(tier + 1), "SLA breached")));
    }

    /**
     * A public reply or an internal note. Staff's first public reply is the first response; a client's reply to a
     * ticket waiting on them puts it back in progress.
     */
    public Transition reply(String text, boolean internal, boolean byStaff, Instant at) {
        if (status == TicketStatus.CLOSED) {
            throw new ConflictException("body", "The ticket is closed; raise a new one.");
        }
        Ticket after = !internal && byStaff && firstResponseAt == null ? withFirstResponse(at) : this;
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(internal ? HistoryEntry.Kind.INTERNAL_NOTE : HistoryEntry.Kind.PUBLIC_REPLY, null, null, null, text));
        if (!byStaff && status == TicketStatus.WAITING_ON_CLIENT) {
            after = after.withStatus(TicketStatus.IN_PROGRESS, at);
            entries.add(statusEntry(TicketStatus.IN_PROGRESS, "client replied"));
        }
        return new Transition(after, entries);
    }

    /** Closes a resolved ticket once its auto-close period has passed. */
    public Transition closeAutomatically(Instant at, String why) {
        if (status != TicketStatus.RESOLVED) {
            throw new ConflictException("status", "Only a resolved ticket closes by itself.");
        }
        return new Transition(withStatus(TicketStatus.CLOSED, at), List.of(statusEntry(TicketStatus.CLOSED, why)));
    }

    /** Monitoring resolves an open incident whose alert cleared. */
    public Transition resolveFromAlert(Instant at) {
        if (!status.open()) {
            throw new ConflictException("status", "The ticket is already " + TicketLifecycle.label(status) + ".");
        }
        return new Transition(withStatus(TicketStatus.RESOLVED, at), List.of(statusEntry(TicketStatus.RESOLVED, "alert cleared")));
    }

    /** Monitoring reopens a resolved incident whose alert fired again: new if nobody had it, else in progress. */
    public Transition reopenFromAlert(Instant at) {
        if (status != TicketStatus.RESOLVED) {
            throw new ConflictException("status", "Only a resolved ticket is reopened by its alert.");
        }
        TicketStatus to = assigneeId == null ? TicketStatus.NEW : TicketStatus.IN_PROGRESS;
        return new Transition(withStatus(to, at), List.of(statusEntry(to, "alert fired again")));
    }

    /**
     * A change's ticket follows its stage: the status the stage implies (see {@link ChangeStage#ticketStatus(boolean)}), the
     * stage change in history and, when the status moves with it, the status change too, so that reports reading the
     * status history see where the change stood rather than the "new" it was opened as.
     */
    public Transition followStage(ChangeStage from, ChangeStage to, String note, Instant at) {
        TicketStatus status = to.ticketStatus(assigneeId != null);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(HistoryEntry.Kind.STATUS_CHANGED, "stage", from.name(), to.name(), note));
        if (status != this.status) {
            entries.add(statusEntry(status, null));
        }
        return new Transition(withStatus(status, at), entries);
    }

    // ---- new states that are not moves

    /** The ticket with what a person may edit replaced; a closed ticket cannot change. */
    public Ticket edited(SiteId site, ContactId requester, String newTitle, String newDescription, String newCategory, Level newImpact,
                         Level newUrgency, Priority newPriority, String reason) {
        requireNotClosed();
        return new Ticket(id, number, clientId, site, requester, type, newTitle, newDescription, newCategory, newImpact, newUrgency, newPriority,
                reason, status, tier, assigneeId, source, openedAt, firstResponseAt, resolvedAt, closedAt, sla, updatedAt, version);
    }

    /** The ticket as stored on creation: its number and first SLA projection. */
    public Ticket numbered(long newNumber, TicketSla projection) {
        return new Ticket(id, newNumber, clientId, siteId, requesterId, type, title, description, category, impact, urgency, priority,
                priorityReason, status, tier, assigneeId, source, openedAt, firstResponseAt, resolvedAt, closedAt, projection, updatedAt, version);
    }

    /**
     * The ticket an import wrote at its creation, brought to where its imported history left it: that history's last
     * priority, status and assignee, its first staff reply, when it was resolved and closed; in tier 1's queue.
     */
    public Ticket asImported(Priority finalPriority, TicketStatus finalStatus, UserId finalAssignee, Instant firstResponse, Instant resolved,
                             Instant closed) {
        return new Ticket(id, number, clientId, null, null, type, title, description, category, impact, urgency, finalPriority, priorityReason,
                finalStatus, 1, finalAssignee, source, openedAt, firstResponse, resolved, closed, sla, updatedAt, version);
    }

    /** Refuses any change to a closed ticket. */
    public void requireNotClosed() {
        if (status == TicketStatus.CLOSED) {
            throw new ConflictException("status", "A closed ticket cannot change; raise a new one.");
        }
    }

    private Entry statusEntry(TicketStatus to, String note) {
        return new Entry(HistoryEntry.Kind.STATUS_CHANGED, "status", status.name(), to.name(), note);
    }

    private Ticket withStatus(TicketStatus s, Instant at) {
        // Open statuses carry neither instant; closing keeps when the ticket was resolved.
        Instant resolved = s == TicketStatus.RESOLVED ? at : s == TicketStatus.CLOSED ? resolvedAt : null;
        Instant closed = s == TicketStatus.CLOSED ? at : null;
        return new Ticket(id, number, clientId, siteId, requesterId, type, title, description, category, impact, urgency, priority,
                priorityReason, s, tier, assigneeId, source, openedAt, firstResponseAt, resolved, closed, sla, updatedAt, version);
    }

    private Ticket withQueue(UserId assignee, int newTier) {
        return new Ticket(id, number, clientId, siteId, requesterId, type, title, description, category, impact, urgency, priority,
                priorityReason, status, newTier, assignee, source, openedAt, firstResponseAt, resolvedAt, closedAt, sla, updatedAt, version);
    }

    private Ticket withFirstResponse(Instant at) {
        return new Ticket(id, number, clientId, siteId, requesterId, type, title, description, category, impact, urgency, priority,
                priorityReason, status, tier, assigneeId, source, openedAt, at, resolvedAt, closedAt, sla, updatedAt, version);
    }
}
