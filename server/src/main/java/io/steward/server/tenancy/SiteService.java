package io.steward.server.tenancy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.internal.ClientRepository;
import io.steward.server.tenancy.internal.SiteRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.steward.server.tenancy.ClientService.trim;

/** Sites of a client; any staff member in scope may maintain them. */
@Service
public class SiteService {
    private final SiteRepository sites;
    private final ClientRepository clients;
    private final Clock clock;

    public SiteService(SiteRepository sites, ClientRepository clients, Clock clock) {
        this.sites = sites;
        this.clients = clients;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Site> ofClient(Viewer viewer, ClientId client) {
        requireClient(viewer, client);
        return sites.ofClient(viewer.scope(), client);
    }

    @Transactional(readOnly = true)
    public Site get(Viewer viewer, SiteId id) {
        return sites.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such site."));
    }

    @Transactional
    public Site create(Viewer viewer, ClientId client, SiteDraft draft) {
        requireClient(viewer, client);
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        SiteDraft d = normalise(draft);
        Instant now = clock.instant();
        Site site = new Site(SiteId.random(), client, d.name(), d.address(), d.city(), d.postalCode(), d.country(), d.timeZone(), d.notes(),
                now, now, 0);
        try {
            sites.insert(site);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "This client already has a site with this name.");
        }
        return site;
    }

    @Transactional
    public Site update(Viewer viewer, SiteId id, SiteDraft draft, int expectedVersion) {
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        Site before = get(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        SiteDraft d = normalise(draft);
        Site after = new Site(id, before.clientId(), d.name(), d.address(), d.city(), d.postalCode(), d.country(), d.timeZone(), d.notes(),
                before.createdAt(), clock.instant(), before.version());
        try {
            if (!sites.update(viewer.scope(), after, expectedVersion, clock.instant())) {
                throw new StaleVersionException(get(viewer, id).version());
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "This client already has a site with this name.");
        }
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, SiteId id) {
        TenancyPermissions.EDIT_RECORDS.require(viewer);
        get(viewer, id);
        sites.delete(viewer.scope(), id);
    }

    private void requireClient(Viewer viewer, ClientId client) {
        if (clients.find(viewer.scope(), client).isEmpty()) {
            throw new NotFoundException("No such client.");
        }
    }

    private static SiteDraft normalise(SiteDraft d) {
        String name = trim(d.name());
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "Enter a name of 1 to 200 characters.");
        }
        return new SiteDraft(name, trim(d.address()), trim(d.city()), trim(d.postalCode()), trim(d.country()),
                ClientService.validZone(d.timeZone(), "timeZone", true), trim(d.notes()));
    }
}
