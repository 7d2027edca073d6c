package io.steward.server.tenancy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.internal.ClientRepository;
import io.steward.server.tenancy.internal.ContactRepository;
import io.steward.server.tenancy.internal.SiteRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.steward.server.tenancy.ClientService.trim;

/** Contacts of a client; any staff member in scope may maintain them. */
@Service
public class ContactService {
    private final ContactRepository contacts;
    private final SiteRepository sites;
    private final ClientRepository clients;
    private final Clock clock;

    public ContactService(ContactRepository contacts, SiteRepository sites, ClientRepository clients, Clock clock) {
        this.contacts = contacts;
        this.sites = sites;
        this.clients = clients;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Contact> ofClient(Viewer viewer, ClientId client) {
        requireClient(viewer, client);
        return contacts.ofClient(viewer.scope(), client);
    }

    @Transactional(readOnly = true)
    public Contact get(Viewer viewer, ContactId id) {
        return contacts.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such contact."));
    }

    @Transactional
    public Contact create(Viewer viewer, ClientId client, ContactDraft draft) {
        requireClient(viewer, client);
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        ContactDraft d = normalise(viewer, client, draft);
        Instant now = clock.instant();
        Contact contact = new Contact(ContactId.random(), client, d.siteId() == null ? null : new SiteId(d.siteId()), d.firstName(),
                d.lastName(), d.email(), d.phone(), d.jobTitle(), d.primary(), now, now, 0);
        contacts.insert(contact);
        return contact;
    }

    @Transactional
    public Contact update(Viewer viewer, ContactId id, ContactDraft draft, int expectedVersion) {
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        Contact before = get(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        ContactDraft d = normalise(viewer, before.clientId(), draft);
        Contact after = new Contact(id, before.clientId(), d.siteId() == null ? null : new SiteId(d.siteId()), d.firstName(), d.lastName(),
                d.email(), d.phone(), d.jobTitle(), d.primary(), before.createdAt(), clock.instant(), before.version());
        if (!contacts.update(viewer.scope(), after, expectedVersion, clock.instant())) {
            throw new StaleVersionException(get(viewer, id).version());
        }
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, ContactId id) {
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        get(viewer, id);
        contacts.delete(viewer.scope(), id);
    }

    /**
     * The contacts, of any client, whose email address is {@code email} (without regard to case): for mail that
     * arrives with no one signed in. The caller's transaction must hold system scope, and the caller decides what the
     * sender may do; this only says who they are.
     */
    @Transactional(readOnly = true)
    public List<Contact> withEmail(String email) {
        return email == null || email.isBlank() ? List.of() : contacts.withEmail(email.strip());
    }

    private void requireClient(Viewer viewer, ClientId client) {
        if (clients.find(viewer.scope(), client).isEmpty()) {
            throw new NotFoundException("No such client.");
        }
    }

    private ContactDraft normalise(Viewer viewer, ClientId client, ContactDraft d) {
        String first = trim(d.firstName());
        String last = trim(d.lastName());
        if (first.isEmpty() || first.length() > 100) {
            throw new InvalidInputException("firstName", "Enter a first name of 1 to 100 characters.");
        }
        if (last.isEmpty() || last.length() > 100) {
            throw new InvalidInputException("lastName", "Enter a last name of 1 to 100 characters.");
        }
        if (d.siteId() != null) {
            boolean sameClient = sites.find(viewer.scope(), new SiteId(d.siteId())).map(s -> s.clientId().equals(client)).orElse(false);
            if (!sameClient) {
                throw new InvalidInputException("siteId", "Choose a site of this client.");
            }
        }
        return new ContactDraft(first, last, trim(d.email()), trim(d.phone()), trim(d.jobTitle()), d.siteId(), d.primary());
    }
}
