package io.steward.server.notify.internal.mailin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.server.notify.internal.mail.MessageIds;
import io.steward.server.shared.ClientId;

/**
 * Decides which ticket a mail answers. First by its headers: In-Reply-To, then References newest first; a Message-ID
 * leads to a ticket when Steward sent or received it for that ticket, or when it is a signed ticket Message-ID whose
 * signature holds. Then by the {@code [T-n]} subject tag, which anyone can type, so it counts only when the ticket's
 * client is one the sender is a contact of. In every case the ticket must be of a client the sender belongs to: a
 * contact never writes into another client's ticket.
 */
public final class ThreadingRule {

    private ThreadingRule() {
    }

    /** What the rule asks about tickets and Message-IDs; the pipeline answers from the database and the signer. */
    public interface Lookup {
        /** The ticket a Message-ID Steward sent or received belongs to. */
        Optional<UUID> ticketOfKnownMessage(String messageId);

        /** The ticket a signed Steward Message-ID names, if its signature holds. */
        Optional<UUID> ticketOfSigned(String messageId);

        /** The client of a ticket, if it exists. */
        Optional<ClientId> clientOf(UUID ticket);

        /** The ticket with this number, if it exists. */
        Optional<UUID> ticketOfNumber(long number);
    }

    /** The ticket a mail threads onto, and how it was found ("In-Reply-To", "References", "subject tag"). */
    public record Threaded(UUID ticket, String by) {
    }

    public static Optional<Threaded> thread(ParsedMail mail, Set<ClientId> senderClients, Lookup lookup) {
        List<String> byHeader = new ArrayList<>(mail.inReplyTo());
        List<String> refs = new ArrayList<>(mail.references());
        Collections.reverse(refs);
        byHeader.addAll(refs);
        for (int i = 0; i < byHeader.size(); i++) {
            String id = byHeader.get(i);
            Optional<UUID> ticket = lookup.ticketOfKnownMessage(id).or(() -> lookup.ticketOfSigned(id));
            if (ticket.isPresent() && ownedBySender(ticket.get(), senderClients, lookup)) {
                return Optional.of(new Threaded(ticket.get(), i < mail.inReplyTo().size() ? "In-Reply-To" : "References"));
            }
        }
        return MessageIds.taggedNumber(mail.subject()).flatMap(lookup::ticketOfNumber)
                .filter(t -> ownedBySender(t, senderClients, lookup)).map(t -> new Threaded(t, "subject tag"));
    }

    private static boolean ownedBySender(UUID ticket, Set<ClientId> senderClients, Lookup lookup) {
        return lookup.clientOf(ticket).map(senderClients::contains).orElse(false);
    }
}
