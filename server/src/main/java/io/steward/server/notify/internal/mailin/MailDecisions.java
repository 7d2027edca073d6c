package io.steward.server.notify.internal.mailin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.notify.internal.mail.MessageIds;
import io.steward.server.servicedesk.AttachmentService;
import io.steward.server.servicedesk.EmailTickets;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.tenancy.Contact;
import org.springframework.stereotype.Component;

/**
 * The mail of a trusted, known contact: threaded onto its ticket as the client's reply, or opened as a new ticket,
 * with its attachments. Runs inside the pipeline's savepoint.
 */
@Component
class MailDecisions {
    private final InboundMailRepository repository;
    private final EmailTickets tickets;
    private final AttachmentService attachments;
    private final MessageIds messageIds;

    MailDecisions(InboundMailRepository repository, EmailTickets tickets, AttachmentService attachments, MessageIds messageIds) {
        this.repository = repository;
        this.tickets = tickets;
        this.attachments = attachments;
        this.messageIds = messageIds;
    }

    /** The lookups of the threading rule, answered from mail_outbox, inbound_mail, the signer and the tickets. */
    ThreadingRule.Lookup lookup() {
        return new ThreadingRule.Lookup() {
            @Override
            public Optional<UUID> ticketOfKnownMessage(String messageId) {
                return repository.ticketOfMessage(messageId);
            }

            @Override
            public Optional<UUID> ticketOfSigned(String messageId) {
                return messageIds.ticketOf(messageId);
            }

            @Override
            public Optional<ClientId> clientOf(UUID ticket) {
                return tickets.thread(new TicketId(ticket)).map(EmailTickets.Thread::clientId);
            }

            @Override
            public Optional<UUID> ticketOfNumber(long number) {
                return tickets.threadOfNumber(number).map(t -> t.id().value());
            }
        };
    }

    InboundMailPipeline.Decision ticketFor(ParsedMail mail, List<Contact> known, ClientId likely) {
        Set<ClientId> clients = known.stream().map(Contact::clientId).collect(Collectors.toSet());
        Optional<ThreadingRule.Threaded> threaded = ThreadingRule.thread(mail, clients, lookup());
        if (threaded.isPresent()) {
            TicketId id = new TicketId(threaded.get().ticket());
            ClientId client = tickets.thread(id).orElseThrow().clientId();
            Contact author = known.stream().filter(c -> c.clientId().equals(client)).findFirst().orElseThrow();
            EmailTickets.Reply reply = tickets.replyAsContact(id, author.id(), author.fullName(), mail.subject(), mail.text());
            List<String> notes = new ArrayList<>(List.of("by " + threaded.get().by()));
            store(mail, reply.ticket(), author, notes);
            return switch (reply.outcome()) {
                case ADDED -> decided(InboundOutcome.REPLY_ADDED, notes, reply.ticket());
                case REOPENED -> {
                    notes.add("reopened the resolved ticket");
                    yield decided(InboundOutcome.REPLY_ADDED, notes, reply.ticket());
                }
                case NEW_TICKET -> {
                    notes.add("the ticket was done for good, so a new one was opened that links to it");
                    yield decided(InboundOutcome.TICKET_CREATED, notes, reply.ticket());
                }
            };
        }
        if (clients.size() > 1) {
            return InboundMailPipeline.Decision.of(InboundOutcome.TRIAGE, "the sender is a contact of several clients", likely);
        }
        Contact requester = known.getFirst();
        TicketView opened = tickets.openAsContact(requester.clientId(), requester.id(), requester.fullName(), mail.subject(), mail.text());
        List<String> notes = new ArrayList<>(List.of("opened for " + requester.fullName()));
        store(mail, opened, requester, notes);
        return decided(InboundOutcome.TICKET_CREATED, notes, opened);
    }

    /** The mail's files on the ticket; one the attachment rules refuse is named in the mail's reason, not lost (the raw mail has it). */
    private void store(ParsedMail mail, TicketView ticket, Contact sender, List<String> notes) {
        for (ParsedMail.Attached a : mail.attachments()) {
            if (attachments.attachFromEmail(ticket.id(), ticket.clientId(), a.fileName(), sender.fullName(), a.content()).isEmpty()) {
                notes.add("attachment " + a.fileName() + " not stored (empty or too large)");
            }
        }
    }

    private static InboundMailPipeline.Decision decided(InboundOutcome outcome, List<String> notes, TicketView ticket) {
        return new InboundMailPipeline.Decision(outcome, String.join("; ", notes), ticket.id().value(), ticket.clientId());
    }
}
