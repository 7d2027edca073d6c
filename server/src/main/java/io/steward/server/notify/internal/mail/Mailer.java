package io.steward.server.notify.internal.mail;

import java.util.List;
import java.util.Map;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.shared.ClientId;
import org.springframework.stereotype.Component;

/**
 * Renders one kind of mail for one person and queues it in the caller's transaction. Ticket mail gets the
 * {@code [T-n]} tag in its subject and, for the client's side, In-Reply-To and References to the ticket's earlier
 * client mail, so the requester's mail program shows one conversation per ticket. Mail to a suppressed address is
 * queued all the same and marked SUPPRESSED by the delivery, so the delivery log shows it was not sent and why.
 */
@Component
class Mailer {
    /** Earlier Message-IDs put in References: enough for any mail program to thread, within the column's 4,000 characters. */
    private static final int THREAD = 20;

    private final MailOutbox outbox;
    private final MailRenderer renderer;
    private final MailAudience audience;
    private final ClientLogos logos;
    private final NotifyProperties.Links links;

    Mailer(MailOutbox outbox, MailRenderer renderer, MailAudience audience, ClientLogos logos, NotifyProperties properties) {
        this.outbox = outbox;
        this.renderer = renderer;
        this.audience = audience;
        this.logos = logos;
        this.links = properties.links();
    }

    /**
     * Queues {@code kind} to {@code to} with {@code values} and {@code path} (a server path) as its link; {@code ticket}
     * may be null. Answers the Message-ID.
     */
    String send(MailKind kind, ClientId client, MailAudience.Ticket ticket, MailAudience.Person to, Map<String, String> values, String path,
                boolean automatic, String outboxKind) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("link", links.to(path));
        all.putIfAbsent("recipient.name", to.name());
        if (ticket != null) {
            all.putIfAbsent("ticket.reference", ticket.reference());
            all.putIfAbsent("ticket.title", ticket.title());
        }
        if (client != null) {
            all.putIfAbsent("client.name", audience.clientName(client));
        }
        // The client's own mail shows the client's logo (sent inline with the mail, as a CID part).
        MailRenderer.Rendered r = renderer.render(kind, all, kind.toClient() && logos.has(client));
        String subject = ticket == null ? r.subject() : MessageIds.tagged(ticket.number(), r.subject());
        List<String> thread = ticket != null && kind.toClient() ? audience.clientThread(ticket.id(), THREAD) : List.of();
        return outbox.enqueue(new OutgoingMail(client, ticket == null ? null : ticket.id(), outboxKind, to.email(), to.name(), subject, r.text(), r.html(),
                thread.isEmpty() ? null : thread.getLast(), thread, automatic));
    }
}
