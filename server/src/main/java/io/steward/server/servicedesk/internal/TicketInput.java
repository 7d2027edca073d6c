package io.steward.server.servicedesk.internal;

import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.SiteId;
import org.springframework.stereotype.Component;

/**
 * What a ticket's fields accept from a form or the API: required texts within their length, and a
 * site or requester of the ticket's own client. Refusals are 400s that name the field.
 */
@Component
public class TicketInput {
    private final TicketRepository tickets;

    TicketInput(TicketRepository tickets) {
        this.tickets = tickets;
    }

    /** The site, if it is one of the client's; null stays null. */
    public SiteId siteOf(ClientId client, UUID site) {
        if (site == null) {
            return null;
        }
        if (!tickets.siteOf(site, client)) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        return new SiteId(site);
    }

    /** The requester, if it is one of the client's contacts; null stays null. */
    public ContactId requesterOf(ClientId client, UUID contact) {
        if (contact == null) {
            return null;
        }
        if (!tickets.contactOf(contact, client)) {
            throw new InvalidInputException("requesterId", "Choose a contact of this client.");
        }
        return new ContactId(contact);
    }

    /** The stripped text; refused when empty ({@code message}) or longer than {@code max}. */
    public static String required(String value, String field, String message, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new InvalidInputException(field, message);
        }
        if (v.length() > max) {
            throw new InvalidInputException(field, "At most " + max + " characters.");
        }
        return v;
    }

    /** An optional text, stripped; null becomes empty. */
    public static String text(String s) {
        return s == null ? "" : s.strip();
    }

    /** What history keeps of a long text field. */
    public static String abbreviate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
