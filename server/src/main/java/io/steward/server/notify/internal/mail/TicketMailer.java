package io.steward.server.notify.internal.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.servicedesk.ChangeSubmitted;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketRef;
import io.steward.server.servicedesk.TicketReplied;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketStatusChanged;
import io.steward.server.servicedesk.TicketType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Mail to the client's side about their tickets: the requester hears that a ticket was received, each public reply
 * from staff, that the desk waits for them and that the ticket was resolved (with the portal page, where they can
 * reopen it, and the resolution note, which the client receives as a reply anyway); the client's portal users hear
 * that a change awaits their approval. Internal notes never go into these mails. Synchronous listeners: the mail is
 * queued in the transaction that made the change (or, for a ticket written by group commit, in one of its own right
 * after it).
 */
@Component
class TicketMailer {
    private final Mailer mailer;
    private final MailAudience audience;

    TicketMailer(Mailer mailer, MailAudience audience) {
        this.mailer = mailer;
        this.audience = audience;
    }

    @EventListener
    @Transactional
    void on(TicketOpened e) {
        toRequester(MailKind.TICKET_CREATED, e.ticket(), Map.of(), true);
    }

    /** A public reply by staff, with its text; a client's own reply and internal notes send nothing to the client. */
    /**
     * A public reply by staff, with its text; a client's own reply and internal notes send nothing to the client. The
     * reply that carries a resolution note completes the pending resolved mail instead of making a mail of its own.
     */
    @EventListener
    @Transactional
    void on(TicketReplied e) {
        if (!e.byStaff() || e.internal()) {
            return;
        }
        String text = e.text() == null ? "" : e.text();
        TicketStatusChanged resolved = pendingResolutions().remove(e.ticket().id().value());
        if (resolved != null && text.startsWith(Ticket.RESOLUTION_PREFIX)) {
            resolvedMail(resolved, text.substring(Ticket.RESOLUTION_PREFIX.length()));
            return;
        }
        if (resolved != null) {
            resolvedMail(resolved, resolved.note());
        }
        // Written by a person: no Auto-Submitted, so the requester's mail program treats it as the answer it is.
        toRequester(MailKind.PUBLIC_REPLY, e.ticket(), Map.of("reply.text", text, "technician.name",
                e.ticket().actorName() == null ? "" : e.ticket().actorName()), false);
    }

    /**
     * Waiting on the client mails at once; resolved waits for the end of the move, since a person's resolution note
     * follows as a public reply of the same move and belongs in the resolved mail (the client receives it anyway).
     */
    @EventListener
    @Transactional
    void on(TicketStatusChanged e) {
        if (e.type() == TicketType.CHANGE || e.from() == e.to()) {
            return;
        }
        if (e.to() == TicketStatus.WAITING_ON_CLIENT) {
            toRequester(MailKind.WAITING_ON_CLIENT, e.ticket(), Map.of(), true);
        } else if (e.to() == TicketStatus.RESOLVED) {
            pendingResolutions().put(e.ticket().id().value(), e);
        }
    }

    private void resolvedMail(TicketStatusChanged e, String note) {
        toRequester(MailKind.RESOLVED, e.ticket(), Map.of("resolution.text", note == null ? "" : note), true);
    }

    /** The client's portal users may approve a change: each hears it waits for them. */
    @EventListener
    @Transactional
    void on(ChangeSubmitted e) {
        TicketRef t = e.ticket();
        audience.ticket(t.id().value()).ifPresent(ticket -> audience.portalUsers(t.clientId()).forEach(person ->
                mailer.send(MailKind.CHANGE_APPROVAL, t.clientId(), ticket, person, Map.of(), portal(ticket), true, MailKind.CHANGE_APPROVAL.name())));
    }

    private void toRequester(MailKind kind, TicketRef t, Map<String, String> values, boolean automatic) {
        audience.ticket(t.id().value()).ifPresent(ticket -> audience.requester(ticket.id()).ifPresent(requester -> {
            Map<String, String> all = new java.util.HashMap<>(values);
            all.put("requester.name", requester.name());
            mailer.send(kind, t.clientId(), ticket, requester, all, portal(ticket), automatic, kind.name());
        }));
    }

    /**
     * Resolutions announced in the current transaction whose mail waits for the note; what is left when the
     * transaction is about to commit (a resolve without a note, by an alert or the scheduler) is mailed then.
     */
    @SuppressWarnings("unchecked")
    private Map<UUID, TicketStatusChanged> pendingResolutions() {
        Map<UUID, TicketStatusChanged> pending = (Map<UUID, TicketStatusChanged>) TransactionSynchronizationManager.getResource(this);
        if (pending != null) {
            return pending;
        }
        Map<UUID, TicketStatusChanged> fresh = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(this, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                List<TicketStatusChanged> left = List.copyOf(fresh.values());
                fresh.clear();
                left.forEach(e -> resolvedMail(e, e.note()));
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(TicketMailer.this);
            }
        });
        return fresh;
    }

    private static String portal(MailAudience.Ticket ticket) {
        return "/portal/tickets/" + ticket.id();
    }
}
