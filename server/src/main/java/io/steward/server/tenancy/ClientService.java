package io.steward.server.tenancy;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.internal.ClientRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Clients of the MSP. Admins and service managers create and change them; only admins delete,
 * which removes the client's sites, contacts and portal users with it.
 */
@Service
public class ClientService {
    private final ClientRepository clients;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public ClientService(ClientRepository clients, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public Page<Client> list(Viewer viewer, String text, ClientStatus status, PageQuery page) {
        return clients.list(viewer.scope(), text, status, page);
    }

    /** One query, so no transaction of its own: every ticket create calls it, and a transaction is a round trip more. */
    public Client get(Viewer viewer, ClientId id) {
        return clients.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such client."));
    }

    @Transactional(readOnly = true)
    public List<ClientSummary> summaries(TenantScope scope) {
        return clients.summaries(scope);
    }

    @Transactional(readOnly = true)
    public boolean exists(TenantScope scope, ClientId id) {
        return clients.find(scope, id).isPresent();
    }

    @Transactional
    public Client create(Viewer viewer, ClientDraft draft) {
        TenancyPermissions.MANAGE_CLIENTS.require(viewer);
        if (!viewer.scope().allClients()) {
            throw new io.steward.server.shared.ForbiddenException("Only staff who see every client may add clients.");
        }
        ClientDraft d = normalise(draft);
        Instant now = clock.instant();
        Client client = new Client(ClientId.random(), d.name(), d.timeZone(), d.status(), d.notes(), Boolean.TRUE.equals(d.portalShowsAlertTickets()), now,
                now, 0);
        audit.record("client.created", "client", client.id().toString(), client.id(), Map.of("name", client.name()));
        try {
            clients.insert(client);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A client with this name already exists.");
        }
        return client;
    }

    /**
     * Records that the client was served since {@code createdAt} (before it was added here), so that reports of the
     * months before can be asked for: history brought over with its original timestamps needs its client to exist then.
     * Only moves the instant back, never forward or into the future.
     */
    @Transactional
    public Client backdate(Viewer viewer, ClientId id, Instant createdAt) {
        TenancyPermissions.ADMINISTER.require(viewer);
        Client before = get(viewer, id);
        if (createdAt.isAfter(clock.instant())) {
            throw new io.steward.server.shared.InvalidInputException("createdAt", "A client cannot be created in the future.");
        }
        if (clients.backdate(viewer.scope(), id, createdAt)) {
            audit.record("client.backdated", "client", id.toString(), id, Map.of("from", before.createdAt().toString(), "to", createdAt.toString()));
        }
        return get(viewer, id);
    }

    @Transactional
    public Client update(Viewer viewer, ClientId id, ClientDraft draft, int expectedVersion) {
        TenancyPermissions.MANAGE_CLIENTS.require(viewer);
        Client before = get(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        ClientDraft d = normalise(draft);
        Client after = new Client(id, d.name(), d.timeZone(), d.status(), d.notes(),
                d.portalShowsAlertTickets() == null ? before.portalShowsAlertTickets() : d.portalShowsAlertTickets(), before.createdAt(),
                clock.instant(), before.version());
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("before", Map.of("name", before.name(), "timeZone", before.timeZone(), "status", before.status().name(),
                "portalShowsAlertTickets", before.portalShowsAlertTickets()));
        changes.put("after", Map.of("name", after.name(), "timeZone", after.timeZone(), "status", after.status().name(),
                "portalShowsAlertTickets", after.portalShowsAlertTickets()));
        audit.record("client.updated", "client", id.toString(), id, changes);
        try {
            if (!clients.update(viewer.scope(), after, expectedVersion, clock.instant())) {
                throw new StaleVersionException(get(viewer, id).version());
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A client with this name already exists.");
        }
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, ClientId id, Integer expectedVersion) {
        TenancyPermissions.ADMINISTER.require(viewer);
        Client client = get(viewer, id);
        if (expectedVersion != null && client.version() != expectedVersion) {
            throw new StaleVersionException(client.version());
        }
        audit.record("client.deleted", "client", id.toString(), id, Map.of("name", client.name()));
        clients.delete(viewer.scope(), id);
        events.publishEvent(new ClientDeleted(id));
    }

    static ClientDraft normalise(ClientDraft d) {
        String name = trim(d.name());
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "Enter a name of 1 to 200 characters.");
        }
        return new ClientDraft(name, validZone(d.timeZone(), "timeZone", false), d.status() == null ? ClientStatus.ACTIVE : d.status(),
                trim(d.notes()), d.portalShowsAlertTickets());
    }

    /** An IANA zone id, or null when {@code optional} and blank. */
    static String validZone(String zone, String field, boolean optional) {
        String z = trim(zone);
        if (z.isEmpty() && optional) {
            return null;
        }
        try {
            if (!z.contains("/") && !z.equals("UTC")) {
                throw new DateTimeException("not a region zone");
            }
            return ZoneId.of(z).getId();
        } catch (DateTimeException e) {
            throw new InvalidInputException(field, "Enter an IANA time zone such as Europe/Berlin or America/New_York.");
        }
    }

    static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
