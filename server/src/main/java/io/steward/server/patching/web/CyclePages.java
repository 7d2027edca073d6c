package io.steward.server.patching.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.patching.PatchCycles;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The standard cycles Steward runs by itself: rings, state, counts and why a cycle stopped; resume or cancel a stopped one. */
@Controller
class CyclePages {
    private final PatchCycles cycles;
    private final ClientService clients;

    CyclePages(PatchCycles cycles, ClientService clients) {
        this.cycles = cycles;
        this.clients = clients;
    }

    /** Client names by id, for the cycle cards. */
    static Map<String, String> names(ClientService clients, Viewer viewer) {
        Map<String, String> out = new HashMap<>();
        clients.summaries(viewer.scope()).forEach(c -> out.put(c.id().toString(), c.name()));
        return out;
    }

    static boolean mayDecide(Viewer viewer) {
        return viewer.hasRole(Role.MSP_ADMIN, Role.SERVICE_MANAGER) && !viewer.readOnly();
    }

    @GetMapping("/patches/cycles")
    String list(Viewer viewer, @RequestParam(required = false) ClientId clientId, Model model) {
        model.addAttribute("cycles", cycles.list(viewer, clientId));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("clientNames", names(clients, viewer));
        model.addAttribute("clientId", clientId);
        model.addAttribute("mayDecide", mayDecide(viewer));
        return "patches/cycles";
    }

    @PostMapping("/patches/cycles/{cycleId}/resume")
    String resume(Viewer viewer, @PathVariable UUID cycleId, RedirectAttributes flash) {
        try {
            cycles.resume(viewer, cycleId);
            flash.addFlashAttribute("notice", "Resumed: the next pass goes on where the cycle stopped.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/patches/cycles";
    }

    @PostMapping("/patches/cycles/{cycleId}/cancel")
    String cancel(Viewer viewer, @PathVariable UUID cycleId, RedirectAttributes flash) {
        try {
            cycles.cancel(viewer, cycleId);
            flash.addFlashAttribute("notice", "Cancelled: the cycle starts no more tasks.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/patches/cycles";
    }
}
