package io.steward.server.servicedesk;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.servicedesk.internal.TicketTemplateRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ticket templates for frequent requests. Every staff member may use them (list, read, prefill the new-ticket form);
 * MSP admins and service managers write them, as they own how the desk works. A client's template is seen only by
 * whoever sees that client; an MSP-wide one by all staff.
 */
@Service
public class TicketTemplateService {
    /** The roles that write templates and canned replies. */
    static final Role[] MANAGERS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};

    private final TicketTemplateRepository templates;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public TicketTemplateService(TicketTemplateRepository templates, ClientService clients, AuditLog audit, Clock clock) {
        this.templates = templates;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** The templates the viewer sees; with {@code forClient}, only those offered for that client (MSP-wide and its own). */
    @Transactional(readOnly = true)
    public List<TicketTemplate> list(Viewer viewer, UUID forClient) {
        requireStaff(viewer);
        return templates.list(viewer.scope(), forClient);
    }

    @Transactional(readOnly = true)
    public TicketTemplate get(Viewer viewer, UUID id) {
        requireStaff(viewer);
        return templates.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such ticket template."));
    }

    /**
     * The new-ticket form filled from the template: for the template's client, or for {@code clientId} (may be null) when
     * the template is MSP-wide.
     */
    @Transactional(readOnly = true)
    public TicketDraft prefill(Viewer viewer, UUID id, UUID clientId) {
        TicketTemplate t = get(viewer, id);
        return new TicketDraft(t.clientId() != null ? t.clientId() : clientId, null, null, t.type(), t.title(), t.description(), t.category(),
                t.impact(), t.urgency(), t.priorityOverride(), t.priorityReason(), TicketSource.PHONE, null);
    }

    @Transactional
    public TicketTemplate create(Viewer viewer, TicketTemplateDraft draft) {
        viewer.requireWriter(MANAGERS);
        TicketTemplateRepository.Values v = values(viewer, draft);
        UUID id = UUID.randomUUID();
        audit.record("ticket_template.created", "ticket_template", id.toString(), clientOf(v), Map.of("name", v.name()));
        try {
            templates.insert(id, v, clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(v.name());
        }
        return get(viewer, id);
    }

    @Transactional
    public TicketTemplate update(Viewer viewer, UUID id, TicketTemplateDraft draft, int expectedVersion) {
        viewer.requireWriter(MANAGERS);
        TicketTemplate before = get(viewer, id);
        TicketTemplateRepository.Values v = values(viewer, draft);
        audit.record("ticket_template.updated", "ticket_template", id.toString(), clientOf(v), Map.of("name", v.name()));
        boolean written;
        try {
            written = templates.update(id, v, expectedVersion, clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(v.name());
        }
        if (!written) {
            throw new StaleVersionException(before.version(), before);
        }
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, UUID id) {
        viewer.requireWriter(MANAGERS);
        TicketTemplate t = get(viewer, id);
        audit.record("ticket_template.deleted", "ticket_template", id.toString(), t.clientId() == null ? null : new ClientId(t.clientId()),
                Map.of("name", t.name()));
        templates.delete(id);
    }

    private TicketTemplateRepository.Values values(Viewer viewer, TicketTemplateDraft d) {
        String name = required(d.name(), "name", "Give the template a name.", 100);
        String title = required(d.title(), "title", "Give the tickets a title.", 200);
        if (d.type() == null || d.impact() == null || d.urgency() == null) {
            throw new InvalidInputException("type", "Choose a type, an impact and an urgency.");
        }
        if (d.clientId() != null) {
            try {
                clients.get(viewer, new ClientId(d.clientId()));
            } catch (NotFoundException e) {
                throw new InvalidInputException("clientId", "No such client.");
            }
        }
        String reason = d.priorityReason() == null ? "" : d.priorityReason().strip();
        if (d.priorityOverride() != null && reason.isEmpty()) {
            throw new InvalidInputException("priorityReason", "Say why tickets from this template take another priority than the matrix's.");
        }
        return new TicketTemplateRepository.Values(d.clientId(), name, d.type(), title, text(d.description(), "description", 20_000),
                text(d.category(), "category", 100), d.impact(), d.urgency(), d.priorityOverride(), d.priorityOverride() == null ? "" : reason);
    }

    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("Templates and canned replies are for MSP staff.");
        }
    }

    static String required(String value, String field, String message, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, message);
        }
        return text(value, field, max);
    }

    static String text(String value, String field, int max) {
        String s = value == null ? "" : value.strip();
        if (s.length() > max) {
            throw new InvalidInputException(field, "At most " + max + " characters.");
        }
        return s;
    }

    private static ClientId clientOf(TicketTemplateRepository.Values v) {
        return v.clientId() == null ? null : new ClientId(v.clientId());
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("name", "There is a template called '" + name + "' for the same clients already.");
    }
}
