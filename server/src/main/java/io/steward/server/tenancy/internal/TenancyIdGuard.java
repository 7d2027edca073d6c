package io.steward.server.tenancy.internal;

import java.util.Set;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Client, site and contact ids in paths are visible only within the viewer's scope. */
@Component
class TenancyIdGuard implements PathIdGuard {
    private final ClientRepository clients;
    private final SiteRepository sites;
    private final ContactRepository contacts;

    TenancyIdGuard(ClientRepository clients, SiteRepository sites, ContactRepository contacts) {
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
    }

    @Override
    public Set<String> variables() {
        return Set.of("clientId", "siteId", "contactId");
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        try {
            return switch (variable) {
                case "clientId" -> clients.find(viewer.scope(), ClientId.parse(value)).isPresent();
                case "siteId" -> sites.find(viewer.scope(), SiteId.parse(value)).isPresent();
                case "contactId" -> contacts.find(viewer.scope(), ContactId.parse(value)).isPresent();
                default -> false;
            };
        } catch (NotFoundException malformed) {
            return false;
        }
    }

}
