package io.steward.server.identity;

import java.time.ZoneId;

import io.steward.server.identity.internal.UserRepository;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.shared.ViewerZones;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Resolves a viewer's effective time zone ({@link EffectiveTimeZone}) with at most two primary-key reads, once per
 * request: the answer is kept in the request, so a page that formats a hundred times asks the database once, and a
 * change of zone shows on the very next page.
 */
@Service
public class ViewerTimeZones implements ViewerZones {
    /** The zones a person can choose from: IANA regions (and UTC), sorted, without the legacy aliases like "US/Eastern". */
    public static final java.util.List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted().collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                l.add(0, "UTC");
                return java.util.List.copyOf(l);
            }));

    private static final String CACHED = ViewerTimeZones.class.getName() + ".zone";

    private final UserRepository users;
    private final ClientService clients;
    private final String mspZone;

    public ViewerTimeZones(UserRepository users, ClientService clients, IdentityProperties properties) {
        this.users = users;
        this.clients = clients;
        this.mspZone = ZoneInput.parse("steward.identity.msp-time-zone", properties.mspTimeZone());
    }

    @Override
    public ZoneId zoneOf(Viewer viewer) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = CACHED + "." + viewer.userId();
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId cached) {
            return cached;
        }
        ZoneId zone = resolve(viewer);
        if (request != null) {
            request.setAttribute(key, zone, RequestAttributes.SCOPE_REQUEST);
        }
        return zone;
    }

    /** Resolves again, for the request that just changed the viewer's zone. */
    public ZoneId freshZoneOf(Viewer viewer) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.removeAttribute(CACHED + "." + viewer.userId(), RequestAttributes.SCOPE_REQUEST);
        }
        return zoneOf(viewer);
    }

    /** The zones to choose from, with {@code current} added where it is a valid zone the list leaves out (US/Eastern). */
    public static java.util.List<String> choicesWith(String current) {
        if (current == null || CHOICES.contains(current)) {
            return CHOICES;
        }
        java.util.List<String> all = new java.util.ArrayList<>(CHOICES);
        all.add(1, current);
        return all;
    }

    private ZoneId resolve(Viewer viewer) {
        String own = users.timeZone(viewer.userId()).orElse(null);
        String client = own == null && viewer.role() == Role.CLIENT_USER ? clients.get(viewer, viewer.clientId()).timeZone() : null;
        return EffectiveTimeZone.of(own, viewer.role(), client, mspZone);
    }
}
