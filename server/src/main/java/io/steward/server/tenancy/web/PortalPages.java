package io.steward.server.tenancy.web;

import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.SiteService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The client portal: a client user sees their own organisation and nothing else. */
@Controller
class PortalPages {
    private final ClientService clients;
    private final SiteService sites;
    private final ContactService contacts;

    PortalPages(ClientService clients, SiteService sites, ContactService contacts) {
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
    }

    @GetMapping("/portal")
    String home(Viewer viewer, Model model) {
        model.addAttribute("client", clients.get(viewer, viewer.clientId()));
        model.addAttribute("sites", sites.ofClient(viewer, viewer.clientId()));
        model.addAttribute("contacts", contacts.ofClient(viewer, viewer.clientId()));
        return "portal/home";
    }
}
