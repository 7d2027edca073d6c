package io.steward.server.devices.web;

import io.steward.server.devices.ClientFleetService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The client page's devices panel, loaded into the page by htmx: counts by state and the first devices to look at. */
@Controller
class ClientDevicePanel {
    static final int FIRST = 10;

    private final ClientFleetService fleets;

    ClientDevicePanel(ClientFleetService fleets) {
        this.fleets = fleets;
    }

    @GetMapping("/clients/{clientId}/panels/devices")
    String devices(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("fleet", fleets.of(viewer, clientId, FIRST));
        return "clients/panels :: devices";
    }
}
