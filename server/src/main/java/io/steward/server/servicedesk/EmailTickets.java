package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.PriorityMatrixRepository;
import io.steward.server.servicedesk.internal.TicketJournal;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import io.steward.server.servicedesk.internal.TicketLinkRepository;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tickets written by mail: a client's contact opens one or answers one by writing to the MSP's mailbox. No user is
 * signed in; the mail pipeline has already decided that the sender is a trusted contact of the ticket's client, so
 * these methods take the client and contact as given and record the contact (not Steward, not a user) in the history.
 * Every method runs in the caller's transaction, which the mail pipeline holds in system scope.
 */
@Service
public class EmailTickets {
    private final TicketRepository tickets;
    private final TicketJournal journal;
    private final PriorityMatrixRepository matrices;
    private final TicketLinkRepository links;
    private final TicketLifecycle lifecycle;
    private final Clock clock;

    EmailTickets(TicketRepository tickets, TicketJournal journal, PriorityMatrixRepository matrices, TicketLinkRepository links,
                 ServiceDeskProperties properties, Clock clock) {
        this.tickets = tickets;
        this.journal = journal;
        this.matrices = matrices;
        this.links = links;
        this.lifecycle = new TicketLifecycle(properties.reopenWindow());
        this.clock = clock;
    }

    /** What became of a reply by mail. */
    public enum ReplyOutcome {
        /** Added as the client's public reply. */
        ADDED,
        /** Added, and the resolved ticket was reopened (within the reopen window). */
        REOPENED,
        /** The ticket was closed or resolved too long ago: a new ticket was opened that links to it. */
        NEW_TICKET
    }

    /** A reply by mail: what became of it and the ticket that now holds it. */
    public record Reply(ReplyOutcome outcome, TicketView ticket) {
    }

    /** A ticket a mail may thread onto, and the client it belongs to (whose contacts alone may write into it). */
    public record Thread(TicketId id, ClientId clientId) {
    }

    /**
     * Opens an incident for {@code client} raised by {@code requester} (a contact of it) by mail, with the mail's subject
     * as title (cut to 200 characters; "(no subject)" when blank) and its text as description. Source EMAIL.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TicketView openAsContact(ClientId client, ContactId requester, String requesterName, String subject, String body) {
        Instant now = clock.instant();
        Priority priority = matrices.matrix().priorityOf(Level.MEDIUM, Level.MEDIUM);
        String title = subject == null || subject.isBlank() ? "(no subject)" : subject.strip();
        Ticket t = new Ticket(TicketId.random(), 0, client, null, requester, TicketType.INCIDENT, title.length() > 200 ? title.substring(0, 200) : title,
                cut(body), "", Level.MEDIUM, Level.MEDIUM, priority, null, TicketStatus.NEW, 1, null, TicketSource.EMAIL, now, null, null, null,
                TicketSla.NONE, now, 0);
        return journal.insertNew(TenantScope.of(client), t, tickets.clientName(client), tickets.clientZone(client), now, contact(requesterName),
                "raised by mail");
    }

    /**
     * Adds {@code body} as the public reply of the client's contact {@code authorName} to the ticket: a resolved ticket
     * is reopened within the reopen window; a closed one, or one resolved longer ago, gets a new ticket (opened as
     * {@link #openAsContact}, linked to the old one as related) that holds the reply instead.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reply replyAsContact(TicketId id, ContactId author, String authorName, String subject, String body) {
        TicketView found = tickets.find(TenantScope.all(), id).orElseThrow(() -> new NotFoundException("No such ticket."));
        Ticket t = found.ticket();
        Instant now = clock.instant();
        TenantScope scope = TenantScope.of(t.clientId());
        boolean reopen = t.status() == TicketStatus.RESOLVED && lifecycle.refusal(TicketStatus.RESOLVED, TicketStatus.IN_PROGRESS, t.resolvedAt(), now) == null;
        // A change moves only through its stages: a mail after it is done starts a new ticket too.
        if (t.status() == TicketStatus.CLOSED || (t.status() == TicketStatus.RESOLVED && !reopen) || (t.type() == TicketType.CHANGE && !t.status().open())) {
            TicketView fresh = openAsContact(t.clientId(), author, authorName, subject, body);
            links.link(fresh.id(), fresh.clientId(), t.id(), t.clientId(), "RELATES_TO", now);
            return new Reply(ReplyOutcome.NEW_TICKET, fresh);
        }
        Ticket.Transition back = reopen ? t.reopen(lifecycle, now) : new Ticket.Transition(t, List.of());
        Ticket.Transition replied = back.after().reply(cut(body), false, false, now);
        List<Ticket.Entry> entries = new ArrayList<>(back.entries());
        entries.addAll(replied.entries());
        Ticket.Transition move = new Ticket.Transition(replied.after(), entries);
        journal.record(move, now, contact(authorName));
        if (!tickets.update(scope, move.after(), t.version(), now)) {
            throw new ConflictException("ticket", "The ticket changed while the mail was added; it is fetched again.");
        }
        return new Reply(reopen ? ReplyOutcome.REOPENED : ReplyOutcome.ADDED, journal.refreshSla(scope, id));
    }

    /** The ticket with this id, of any client the transaction's scope covers: for threading a mail by its headers. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Thread> thread(TicketId id) {
        return tickets.find(TenantScope.all(), id).map(EmailTickets::thread);
    }

    /** The ticket with this number ({@code [T-n]} in a subject), of any client the transaction's scope covers. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Thread> threadOfNumber(long number) {
        return links.idOfNumber(TenantScope.all(), number).flatMap(id -> tickets.find(TenantScope.all(), new TicketId(id))).map(EmailTickets::thread);
    }

    private static Thread thread(TicketView v) {
        return new Thread(v.id(), v.clientId());
    }

    private static Actor contact(String name) {
        return new Actor(null, name == null || name.isBlank() ? "client by mail" : name, false);
    }

    private static String cut(String body) {
        String text = body == null || body.isBlank() ? "(the mail had no text)" : body;
        return text.length() > 100_000 ? text.substring(0, 100_000) : text;
    }
}
