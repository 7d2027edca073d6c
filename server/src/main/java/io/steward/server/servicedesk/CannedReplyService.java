package io.steward.server.servicedesk;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.servicedesk.internal.CannedReplyRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Contact;
import io.steward.server.tenancy.ContactService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Canned replies: every staff member may use them on a ticket they see; MSP admins and service managers write them.
 * A body is checked for unknown placeholders when saved, and expanded on the server for one ticket and the technician
 * inserting it, so the text a technician sends is the text they saw.
 */
@Service
public class CannedReplyService {
    private final CannedReplyRepository replies;
    private final TicketService tickets;
    private final ContactService contacts;
    private final AuditLog audit;
    private final Clock clock;

    public CannedReplyService(CannedReplyRepository replies, TicketService tickets, ContactService contacts, AuditLog audit, Clock clock) {
        this.replies = replies;
        this.tickets = tickets;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A canned reply expanded for one ticket. */
    public record Expanded(UUID cannedReplyId, String name, String text) {
    }

    @Transactional(readOnly = true)
    public List<CannedReply> list(Viewer viewer) {
        TicketTemplateService.requireStaff(viewer);
        return replies.list();
    }

    @Transactional(readOnly = true)
    public CannedReply get(Viewer viewer, UUID id) {
        TicketTemplateService.requireStaff(viewer);
        return replies.find(id).orElseThrow(() -> new NotFoundException("No such canned reply."));
    }

    @Transactional
    public CannedReply create(Viewer viewer, CannedReplyDraft draft) {
        viewer.requireWriter(TicketTemplateService.MANAGERS);
        String name = name(draft);
        String body = body(draft);
        UUID id = UUID.randomUUID();
        audit.record("canned_reply.created", "canned_reply", id.toString(), null, Map.of("name", name));
        try {
            replies.insert(id, name, body, clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        return get(viewer, id);
    }

    @Transactional
    public CannedReply update(Viewer viewer, UUID id, CannedReplyDraft draft, int expectedVersion) {
        viewer.requireWriter(TicketTemplateService.MANAGERS);
        CannedReply before = get(viewer, id);
        String name = name(draft);
        String body = body(draft);
        audit.record("canned_reply.updated", "canned_reply", id.toString(), null, Map.of("name", name));
        boolean written;
        try {
            written = replies.update(id, name, body, expectedVersion, clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        if (!written) {
            throw new StaleVersionException(before.version(), before);
        }
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, UUID id) {
        viewer.requireWriter(TicketTemplateService.MANAGERS);
        CannedReply r = get(viewer, id);
        audit.record("canned_reply.deleted", "canned_reply", id.toString(), null, Map.of("name", r.name()));
        replies.delete(id);
    }

    /** The reply's text for this ticket (which the viewer must see) and this technician; missing values expand to "". */
    @Transactional(readOnly = true)
    public Expanded expand(Viewer viewer, TicketId ticketId, UUID id) {
        CannedReply reply = get(viewer, id);
        TicketView t = tickets.get(viewer, ticketId);
        Map<String, String> values = new HashMap<>();
        values.put("ticket.number", t.reference());
        values.put("ticket.title", t.title());
        values.put("client.name", t.clientName());
        values.put("technician.name", viewer.displayName());
        values.put("technician.firstName", CannedText.firstWord(viewer.displayName()));
        if (t.requesterId() != null) {
            try {
                Contact c = contacts.get(viewer, t.requesterId());
                values.put("requester.firstName", c.firstName());
                values.put("requester.lastName", c.lastName());
                values.put("requester.name", c.fullName());
                values.put("requester.email", c.email());
            } catch (NotFoundException e) {
                // The requester was deleted since: the reply reads without a name rather than failing.
            }
        }
        return new Expanded(reply.id(), reply.name(), CannedText.expand(reply.body(), values));
    }

    private static String name(CannedReplyDraft d) {
        return TicketTemplateService.required(d.name(), "name", "Give the canned reply a name.", 100);
    }

    private static String body(CannedReplyDraft d) {
        String body = TicketTemplateService.required(d.body(), "body", "Write the reply.", 20_000);
        Set<String> unknown = CannedText.unknown(body);
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("body", "Unknown placeholder {{" + unknown.iterator().next() + "}}; use "
                    + String.join(", ", CannedText.PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList()) + ".");
        }
        return body;
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("name", "There is a canned reply called '" + name + "' already.");
    }
}
