package io.steward.server.reporting.web;

import io.steward.server.reporting.dashboard.ClientDashboard;
import io.steward.server.reporting.dashboard.DashboardService;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.SiteService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The portal home: the client's dashboard (open tickets, device health, latest report) above its sites and contacts.
 * A client user sees their own organisation and nothing else. It lives here rather than in tenancy because the
 * dashboard reads the service desk, registry and alerting, which tenancy must not depend on.
 */
@Controller
class DashboardPortalPages {
    private final DashboardService dashboards;
    private final ClientService clients;
    private final SiteService sites;
    private final ContactService contacts;

    DashboardPortalPages(DashboardService dashboards, ClientService clients, SiteService sites, ContactService contacts) {
        this.dashboards = dashboards;
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
    }

    @GetMapping("/portal")
    String home(Viewer viewer, Model model) {
        ClientDashboard d = dashboards.client(viewer);
        model.addAttribute("d", d);
        model.addAttribute("client", clients.get(viewer, viewer.clientId()));
        model.addAttribute("sites", sites.ofClient(viewer, viewer.clientId()));
        model.addAttribute("contacts", contacts.ofClient(viewer, viewer.clientId()));
        return "portal/home";
    }

    /** The client's devices, read-only: hostname, OS, online/offline/pending, last seen in the client's time zone, open alerts. */
    @GetMapping("/portal/devices")
    String devices(Viewer viewer, Model model) {
        model.addAttribute("client", clients.get(viewer, viewer.clientId()));
        model.addAttribute("devices", dashboards.devices(viewer));
        return "portal/devices";
    }

    @GetMapping("/portal/devices/{portalDeviceId}")
    String device(Viewer viewer, @PathVariable("portalDeviceId") DeviceId id, Model model) {
        model.addAttribute("client", clients.get(viewer, viewer.clientId()));
        model.addAttribute("device", dashboards.device(viewer, id));
        return "portal/device";
    }
}
