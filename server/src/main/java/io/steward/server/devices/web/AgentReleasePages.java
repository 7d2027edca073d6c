package io.steward.server.devices.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.devices.AgentReleases;
import io.steward.server.devices.DeviceGroup;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The agent releases page (MSP admins): upload a signed release, start its rollout, see how many devices run each version. */
@Controller
class AgentReleasePages {
    /** A device group offered as a pilot ring, named with its client. */
    record PilotChoice(UUID id, String label) {
    }

    private final AgentReleases releases;
    private final DeviceService groups;
    private final ClientService clients;

    AgentReleasePages(AgentReleases releases, DeviceService groups, ClientService clients) {
        this.releases = releases;
        this.groups = groups;
        this.clients = clients;
    }

    @GetMapping("/settings/agent-releases")
    String page(Viewer viewer, Model model) {
        model.addAttribute("releases", releases.list(viewer));
        model.addAttribute("releaseKey", releases.releaseKey().orElse(null));
        List<PilotChoice> pilots = new ArrayList<>();
        for (ClientSummary c : clients.summaries(viewer.scope())) {
            for (DeviceGroup g : groups.groups(viewer, c.id())) {
                pilots.add(new PilotChoice(g.id(), c.name() + ": " + g.name()));
            }
        }
        model.addAttribute("pilots", pilots);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "devices/agent-releases";
    }

    @PostMapping("/settings/agent-releases")
    String upload(Viewer viewer, @RequestParam(required = false) MultipartFile jar, @RequestParam(required = false) MultipartFile manifest,
                  RedirectAttributes redirect) throws IOException {
        try {
            String version = releases.upload(viewer, AgentReleaseApi.text(manifest), AgentReleaseApi.bytes(jar)).version();
            redirect.addFlashAttribute("message", "Version " + version + " uploaded: start its rollout below.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", new HashMap<>(e.fieldErrors()));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", Map.of("manifest", e.getMessage()));
        }
        return "redirect:/settings/agent-releases";
    }

    @PostMapping("/settings/agent-releases/{releaseId}/rollout")
    String rollout(Viewer viewer, @PathVariable UUID releaseId, @RequestParam(required = false) List<UUID> pilotGroupIds,
                   @RequestParam(required = false) Integer generalAfterDays, @RequestParam(required = false) Integer stopPercent,
                   RedirectAttributes redirect) {
        try {
            String version = releases.startRollout(viewer, releaseId, pilotGroupIds == null ? List.of() : pilotGroupIds,
                    generalAfterDays == null ? -1 : generalAfterDays, stopPercent).version();
            redirect.addFlashAttribute("message", "Rollout of " + version + " started.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", new HashMap<>(e.fieldErrors()));
        }
        return "redirect:/settings/agent-releases";
    }
}
