package io.steward.server.notify.internal.mail;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * One message for the outbox.
 *
 * @param client     whose data it carries (row-level security), or null for the MSP's own mail
 * @param ticket     the ticket it is about, or null; a ticket's mail gets a signed Message-ID and the {@code [T-n]} subject tag
 * @param kind       what it is (TICKET_CREATED, PUBLIC_REPLY, MAILBOX_SELF_TEST, ...), for the delivery log
 * @param to         the recipient's address
 * @param toName     the recipient's name, or empty
 * @param subject    the subject as it will be sent (the caller adds the tag; see {@link MessageIds#tagged})
 * @param text       the plain-text part
 * @param html       the HTML part, or null for plain text only
 * @param inReplyTo  the Message-ID this answers, or null
 * @param references earlier Message-IDs of the thread, oldest first
 * @param automatic  true for mail no person wrote: it then carries {@code Auto-Submitted: auto-generated} and
 *                   {@code X-Auto-Response-Suppress: All}
 */
public record OutgoingMail(ClientId client, UUID ticket, String kind, String to, String toName, String subject, String text, String html,
                           String inReplyTo, List<String> references, boolean automatic) {
    public OutgoingMail {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        toName = toName == null ? "" : toName;
        references = references == null ? List.of() : List.copyOf(references);
    }
}
