package io.steward.server.reporting.web;

import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Map;

/** The staff dashboard: what the viewer serves, at a glance. */
@Controller
class DashboardPages {
    private static final Map<String, String> BY_CREATED = Map.of("createdAt", "created_at");

    private final ClientService clients;

    DashboardPages(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping("/")
    String dashboard(Viewer viewer, Model model) {
        Page<Client> recent = clients.list(viewer, null, null, PageQuery.of(0, 5, "createdAt,desc", BY_CREATED, "createdAt,desc"));
        Page<Client> active = clients.list(viewer, null, ClientStatus.ACTIVE, PageQuery.of(0, 1, null, BY_CREATED, "createdAt"));
        model.addAttribute("recent", recent.items());
        model.addAttribute("clientCount", recent.total());
        model.addAttribute("activeCount", active.total());
        return "dashboard";
    }
}
