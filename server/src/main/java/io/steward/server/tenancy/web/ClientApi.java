package io.steward.server.tenancy.web;

import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientDraft;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientStatus;
import io.steward.server.tenancy.Contact;
import io.steward.server.tenancy.ContactDraft;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.Site;
import io.steward.server.tenancy.SiteDraft;
import io.steward.server.tenancy.SiteService;
import io.steward.server.tenancy.internal.ClientRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Clients, sites and contacts over JSON. Updates need {@code If-Match} with the version read. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Clients", description = "The MSP's clients (tenants), their sites and contacts")
class ClientApi {
    private final ClientService clients;
    private final SiteService sites;
    private final ContactService contacts;

    ClientApi(ClientService clients, SiteService sites, ContactService contacts) {
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
    }

    @GetMapping("/clients")
    @Operation(summary = "List clients in the caller's scope")
    Page<Client> list(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) ClientStatus status,
                      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                      @Parameter(description = "name, createdAt, status or timeZone, optionally ,asc or ,desc")
                      @RequestParam(required = false) String sort) {
        return clients.list(viewer, q, status, PageQuery.of(page, size, sort, ClientRepository.SORTABLE, "name"));
    }

    @PostMapping("/clients")
    @Operation(summary = "Create a client (MSP admin, service manager)")
    ResponseEntity<Client> create(Viewer viewer, @Valid @RequestBody ClientDraft draft) {
        Client c = clients.create(viewer, draft);
        return IfMatch.created("/api/v1/clients/" + c.id(), c, c.version());
    }

    @GetMapping("/clients/{clientId}")
    @Operation(summary = "Get a client; the ETag is its version")
    ResponseEntity<Client> get(Viewer viewer, @PathVariable ClientId clientId) {
        Client c = clients.get(viewer, clientId);
        return IfMatch.ok(c, c.version());
    }

    @PutMapping("/clients/{clientId}")
    @Operation(summary = "Change a client (MSP admin, service manager); send If-Match with the version read. "
            + "portalShowsAlertTickets says whether the client's portal users see tickets monitoring opened; left out, it stays as it is")
    ResponseEntity<Client> update(Viewer viewer, @PathVariable("clientId") ClientId id, ExpectedVersion ifMatch,
                                  @Valid @RequestBody ClientDraft draft) {
        Client c = clients.update(viewer, id, draft, ifMatch.value());
        return IfMatch.ok(c, c.version());
    }

    @DeleteMapping("/clients/{clientId}")
    @Operation(summary = "Delete a client with its sites, contacts and portal users (MSP admin)")
    ResponseEntity<Void> delete(Viewer viewer, @PathVariable ClientId clientId,
                                @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        clients.delete(viewer, clientId, IfMatch.optional(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/clients/{clientId}/sites")
    @Operation(summary = "List a client's sites")
    List<Site> sites(Viewer viewer, @PathVariable ClientId clientId) {
        return sites.ofClient(viewer, clientId);
    }

    @PostMapping("/clients/{clientId}/sites")
    @Operation(summary = "Add a site to a client")
    ResponseEntity<Site> createSite(Viewer viewer, @PathVariable ClientId clientId, @Valid @RequestBody SiteDraft draft) {
        Site s = sites.create(viewer, clientId, draft);
        return IfMatch.created("/api/v1/sites/" + s.id(), s, s.version());
    }

    @GetMapping("/sites/{siteId}")
    @Operation(summary = "Get a site")
    ResponseEntity<Site> site(Viewer viewer, @PathVariable SiteId siteId) {
        Site s = sites.get(viewer, siteId);
        return IfMatch.ok(s, s.version());
    }

    @PutMapping("/sites/{siteId}")
    @Operation(summary = "Change a site; send If-Match")
    ResponseEntity<Site> updateSite(Viewer viewer, @PathVariable("siteId") SiteId id, ExpectedVersion ifMatch,
                                    @Valid @RequestBody SiteDraft draft) {
        Site s = sites.update(viewer, id, draft, ifMatch.value());
        return IfMatch.ok(s, s.version());
    }

    @DeleteMapping("/sites/{siteId}")
    @Operation(summary = "Delete a site")
    ResponseEntity<Void> deleteSite(Viewer viewer, @PathVariable SiteId siteId) {
        sites.delete(viewer, siteId);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    @GetMapping("/clients/{clientId}/contacts")
    @Operation(summary = "List a client's contacts")
    List<Contact> contacts(Viewer viewer, @PathVariable ClientId clientId) {
        return contacts.ofClient(viewer, clientId);
    }

    @PostMapping("/clients/{clientId}/contacts")
    @Operation(summary = "Add a contact to a client")
    ResponseEntity<Contact> createContact(Viewer viewer, @PathVariable ClientId clientId, @Valid @RequestBody ContactDraft draft) {
        Contact c = contacts.create(viewer, clientId, draft);
        return IfMatch.created("/api/v1/contacts/" + c.id(), c, c.version());
    }

    @GetMapping("/contacts/{contactId}")
    @Operation(summary = "Get a contact")
    ResponseEntity<Contact> contact(Viewer viewer, @PathVariable ContactId contactId) {
        Contact c = contacts.get(viewer, contactId);
        return IfMatch.ok(c, c.version());
    }

    @PutMapping("/contacts/{contactId}")
    @Operation(summary = "Change a contact; send If-Match")
    ResponseEntity<Contact> updateContact(Viewer viewer, @PathVariable("contactId") ContactId id,
                                          ExpectedVersion ifMatch,
                                          @Valid @RequestBody ContactDraft draft) {
        Contact c = contacts.update(viewer, id, draft, ifMatch.value());
        return IfMatch.ok(c, c.version());
    }

    @DeleteMapping("/contacts/{contactId}")
    @Operation(summary = "Delete a contact")
    ResponseEntity<Void> deleteContact(Viewer viewer, @PathVariable ContactId contactId) {
        contacts.delete(viewer, contactId);
        return ResponseEntity.noContent().build();
    }
}
