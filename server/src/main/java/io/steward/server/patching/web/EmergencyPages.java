package io.steward.server.patching.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.devices.DeviceService;
import io.steward.server.patching.PatchEmergencies;
import io.steward.server.patching.PatchEmergency;
import io.steward.server.patching.PatchInstalls;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The emergency cycle pages: open a cycle for a CVE, see each device's state and time to remediate, except devices. */
@Controller
class EmergencyPages {
    private final PatchEmergencies emergencies;
    private final PatchInstalls installs;
    private final DeviceService devices;
    private final ClientService clients;

    EmergencyPages(PatchEmergencies emergencies, PatchInstalls installs, DeviceService devices, ClientService clients) {
        this.emergencies = emergencies;
        this.installs = installs;
        this.devices = devices;
        this.clients = clients;
    }

    @GetMapping("/patches/emergencies")
    String list(Viewer viewer, @RequestParam(required = false) ClientId clientId, Model model) {
        List<PatchEmergency> list = emergencies.list(viewer, clientId, null);
        Map<String, String> hostnames = new HashMap<>();
        list.stream().map(PatchEmergency::clientId).distinct()
                .forEach(c -> devices.everyDevice(viewer, c, null).forEach(d -> hostnames.put(d.id().toString(), d.hostname())));
        Map<String, String> clientNames = new HashMap<>();
        clients.summaries(viewer.scope()).forEach(c -> clientNames.put(c.id().toString(), c.name()));
        Map<java.util.UUID, List<PatchInstalls.InstallPlan>> plans = new HashMap<>();
        list.stream().filter(PatchEmergency::open).forEach(e -> plans.put(e.id(), installs.cvePlans(viewer, e.clientId(), e.cve())));
        model.addAttribute("emergencies", list);
        model.addAttribute("hostnames", hostnames);
        model.addAttribute("clientNames", clientNames);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("plans", plans);
        return "patches/emergencies";
    }

    @PostMapping("/patches/emergencies")
    String open(Viewer viewer, @RequestParam ClientId clientId, @RequestParam String cve, RedirectAttributes flash) {
        try {
            PatchEmergency e = emergencies.open(viewer, clientId, cve);
            flash.addFlashAttribute("notice", e.cve() + ": " + e.devices().size() + " device(s) exposed.");
        } catch (InvalidInputException bad) {
            flash.addFlashAttribute("notice", bad.getMessage());
        }
        return "redirect:/patches/emergencies";
    }

    @PostMapping("/patches/clients/{clientId}/emergencies/exceptions")
    String except(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String cve, @RequestParam DeviceId deviceId,
                  @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
        try {
            emergencies.except(viewer, clientId, cve, deviceId, reason);
            flash.addFlashAttribute("notice", "Excepted.");
        } catch (InvalidInputException bad) {
            flash.addFlashAttribute("notice", bad.getMessage());
        }
        return "redirect:/patches/emergencies";
    }
}
