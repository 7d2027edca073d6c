package io.steward.server.notify.internal.mailin;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.servicedesk.AttachmentService;
import io.steward.server.servicedesk.EmailTickets;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.Contact;
import io.steward.server.tenancy.ContactDraft;
import io.steward.server.tenancy.ContactService;
import jakarta.mail.MessagingException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The triage list: mail the pipeline would not put into a client's tickets by itself, and mail it could not process,
 * for staff to open as a ticket, add to a ticket, or discard. Staff see the mails of the clients in their scope; a
 * mail of no known client only staff who see every client.
 */
@Service
public class InboundMailDesk {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};
    private static final int LIST_LIMIT = 500;

    private final InboundMailRepository repository;
    private final TicketService tickets;
    private final EmailTickets emailTickets;
    private final AttachmentService attachments;
    private final ClientService clients;
    private final ContactService contacts;
    private final Clock clock;

    InboundMailDesk(InboundMailRepository repository, TicketService tickets, EmailTickets emailTickets, AttachmentService attachments,
                    ClientService clients, ContactService contacts, Clock clock) {
        this.repository = repository;
        this.tickets = tickets;
        this.emailTickets = emailTickets;
        this.attachments = attachments;
        this.clients = clients;
        this.contacts = contacts;
        this.clock = clock;
    }

    /**
     * How a person opens a ticket from a mail: for a client, requested by the contact chosen; without one, by the sender
     * when they are a contact of that client already, else by the sender added as a new contact with these names.
     */
    public record OpenTicket(UUID clientId, UUID contactId, String firstName, String lastName, String title) {
    }

    /** The newest mails with these outcomes (all when none given), at most 500. */
    @Transactional(readOnly = true)
    public List<InboundMail> list(Viewer viewer, Collection<InboundOutcome> outcomes) {
        requireStaff(viewer);
        return repository.list(viewer.scope(), outcomes == null || outcomes.isEmpty() ? List.of(InboundOutcome.values()) : outcomes, LIST_LIMIT);
    }

    @Transactional(readOnly = true)
    public InboundMail get(Viewer viewer, UUID id) {
        requireStaff(viewer);
        return repository.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such mail."));
    }

    /** The mail exactly as it arrived. */
    @Transactional(readOnly = true)
    public byte[] raw(Viewer viewer, UUID id) {
        requireStaff(viewer);
        return repository.raw(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such mail."));
    }

    /** Opens a ticket from a mail in the list, with its text and attachments, requested by the chosen or a new contact. */
    @Transactional
    public InboundMail openTicket(Viewer viewer, UUID id, OpenTicket request) {
        viewer.requireWriter(STAFF);
        InboundMail mail = open(viewer, id);
        if (request.clientId() == null) {
            throw new InvalidInputException("clientId", "Choose the client the ticket is for.");
        }
        ClientId client = new ClientId(request.clientId());
        try {
            clients.get(viewer, client);
        } catch (NotFoundException e) {
            throw new InvalidInputException("clientId", "No such client.");
        }
        Contact requester = requester(viewer, client, mail, request);
        ParsedMail parsed = parse(viewer, id);
        String title = request.title() != null && !request.title().isBlank() ? request.title().strip()
                : parsed.subject().isBlank() ? "(no subject)" : parsed.subject();
        TicketView t = tickets.create(viewer, new TicketDraft(client.value(), null, requester.id().value(), TicketType.INCIDENT,
                title.length() > 200 ? title.substring(0, 200) : title, text(parsed), null, Level.MEDIUM, Level.MEDIUM, null, null,
                TicketSource.EMAIL, null));
        for (ParsedMail.Attached a : parsed.attachments()) {
            attachments.attachFromEmail(t.id(), client, a.fileName(), requester.fullName(), a.content());
        }
        return decided(viewer, id, InboundOutcome.TICKET_CREATED, "opened from triage as " + t.ticket().reference(), t);
    }

    /**
     * Adds a mail in the list to the ticket with this number: as the client's reply when the sender is a contact of
     * the ticket's client, otherwise as an internal note that quotes it (a stranger's words are not shown to the client).
     */
    @Transactional
    public InboundMail attach(Viewer viewer, UUID id, long ticketNumber) {
        viewer.requireWriter(STAFF);
        open(viewer, id);
        TicketView t = emailTickets.threadOfNumber(ticketNumber).flatMap(th -> visible(viewer, th.id()))
                .orElseThrow(() -> new InvalidInputException("ticketNumber", "No such ticket."));
        ParsedMail parsed = parse(viewer, id);
        Optional<Contact> contact = contacts.withEmail(parsed.fromAddress()).stream().filter(c -> c.clientId().equals(t.clientId())).findFirst();
        TicketView after;
        if (contact.isPresent()) {
            String author = contact.get().fullName();
            after = emailTickets.replyAsContact(t.id(), contact.get().id(), author, parsed.subject(), text(parsed)).ticket();
            for (ParsedMail.Attached a : parsed.attachments()) {
                attachments.attachFromEmail(after.id(), after.clientId(), a.fileName(), author, a.content());
            }
        } else {
            // A stranger's words become an internal note; their files are not attached, since attachments are shown to the
            // client (the raw mail keeps them, for staff to download).
            String files = parsed.attachments().isEmpty() ? "" : "\n\nAttached to the mail (kept with the raw mail, not added to the ticket): "
                    + String.join(", ", parsed.attachments().stream().map(ParsedMail.Attached::fileName).toList());
            after = tickets.reply(viewer, t.id(), "Mail from " + parsed.fromName() + " <" + parsed.fromAddress() + ">, subject \"" + parsed.subject()
                    + "\":\n\n" + text(parsed) + files, true);
        }
        return decided(viewer, id, InboundOutcome.REPLY_ADDED, "added from triage to " + after.ticket().reference(), after);
    }

    /** Marks a mail in the list as handled with nothing to do; it stays, with who discarded it. */
    @Transactional
    public InboundMail discard(Viewer viewer, UUID id) {
        viewer.requireWriter(STAFF);
        InboundMail mail = open(viewer, id);
        if (!repository.handle(viewer.scope(), id, InboundOutcome.DISCARDED, "discarded (was: " + mail.reason() + ")", null, null,
                viewer.displayName(), clock.instant())) {
            throw new ConflictException("outcome", "Someone else has handled this mail already.");
        }
        return get(viewer, id);
    }

    private InboundMail decided(Viewer viewer, UUID id, InboundOutcome outcome, String reason, TicketView t) {
        if (!repository.handle(viewer.scope(), id, outcome, reason, t.id().value(), t.clientId(), viewer.displayName(), clock.instant())) {
            throw new ConflictException("outcome", "Someone else has handled this mail already.");
        }
        return get(viewer, id);
    }

    private Optional<TicketView> visible(Viewer viewer, TicketId id) {
        try {
            return Optional.of(tickets.get(viewer, id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Contact requester(Viewer viewer, ClientId client, InboundMail mail, OpenTicket request) {
        if (request.contactId() != null) {
            Contact c;
            try {
                c = contacts.get(viewer, new ContactId(request.contactId()));
            } catch (NotFoundException e) {
                throw new InvalidInputException("contactId", "No such contact.");
            }
            if (!c.clientId().equals(client)) {
                throw new InvalidInputException("contactId", "The contact belongs to another client.");
            }
            return c;
        }
        Optional<Contact> known = mail.fromAddress().isBlank() ? Optional.empty() : contacts.ofClient(viewer, client).stream()
                .filter(c -> mail.fromAddress().equalsIgnoreCase(c.email())).findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        if (request.firstName() == null || request.firstName().isBlank() || request.lastName() == null || request.lastName().isBlank()) {
            throw new InvalidInputException("contactId", "Choose a contact, or give the sender's first and last name to add them as one.");
        }
        String email = mail.fromAddress().isBlank() ? null : mail.fromAddress();
        return contacts.create(viewer, client, new ContactDraft(request.firstName().strip(), request.lastName().strip(), email, null, null, null, false));
    }

    private InboundMail open(Viewer viewer, UUID id) {
        InboundMail mail = get(viewer, id);
        if (!mail.outcome().open()) {
            throw new ConflictException("outcome", "This mail was handled already (" + mail.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ").");
        }
        return mail;
    }

    private ParsedMail parse(Viewer viewer, UUID id) {
        try {
            return MailParser.parse(raw(viewer, id));
        } catch (MessagingException | RuntimeException e) {
            throw new ConflictException("id", "The mail cannot be read as a message; download it instead.");
        }
    }

    private static String text(ParsedMail mail) {
        String t = mail.text().isBlank() ? "(the mail had no text)" : mail.text();
        return t.length() > 100_000 ? t.substring(0, 100_000) : t;
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such mail.");
        }
    }
}
