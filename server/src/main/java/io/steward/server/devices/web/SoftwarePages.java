package io.steward.server.devices.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.devices.SoftwareCatalog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The software search page: which machines of a client run a package, at which version. */
@Controller
class SoftwarePages {
    private final SoftwareCatalog software;
    private final ClientService clients;

    SoftwarePages(SoftwareCatalog software, ClientService clients) {
        this.software = software;
        this.clients = clients;
    }

    @GetMapping("/software")
    String search(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) UUID clientId,
                  @RequestParam(required = false) Integer page, Model model) {
        Map<String, String> errors = new HashMap<>();
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("clientId", clientId);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("errors", errors);
        if (q != null && !q.isBlank()) {
            try {
                model.addAttribute("results", software.search(viewer, clientId == null ? null : new ClientId(clientId), q,
                        PageQuery.of(page, 100, null, SoftwareApi.SORTABLE, "name")));
            } catch (InvalidInputException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        return "devices/software";
    }

    /** The device page's software panel (loaded by htmx). */
    @GetMapping("/devices/{deviceId}/software")
    String ofDevice(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.DeviceId deviceId, Model model) {
        model.addAttribute("software", software.ofDevice(viewer, deviceId));
        return "devices/software-panel";
    }
}
