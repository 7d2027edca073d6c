package io.steward.server.patching.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.patching.PatchPolicies;
import io.steward.server.patching.PatchPolicy;
import io.steward.server.patching.PatchService;
import io.steward.server.patching.PatchViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The patch pages: the central page (compliance per client, outstanding updates with filters and mass approval,
 * devices that need a look), the devices exposed to a CVE, a client's patch policy, and the device page's panel.
 */
@Controller
class PatchPages {
    private final PatchService patches;
    private final PatchPolicies policies;
    private final ClientService clients;
    private final io.steward.server.patching.PatchInstalls installs;
    private final io.steward.server.patching.InstallAttempts attempts;
    private final io.steward.server.patching.PatchCycles cycles;

    PatchPages(PatchService patches, PatchPolicies policies, ClientService clients, io.steward.server.patching.PatchInstalls installs,
               io.steward.server.patching.InstallAttempts attempts, io.steward.server.patching.PatchCycles cycles) {
        this.installs = installs;
        this.attempts = attempts;
        this.cycles = cycles;
        this.patches = patches;
        this.policies = policies;
        this.clients = clients;
    }

    @GetMapping("/patches")
    String central(Viewer viewer, @RequestParam(required = false) ClientId clientId, @RequestParam(defaultValue = "false") boolean security,
                   @RequestParam(required = false) String cve, @RequestParam(required = false) String name,
                   @RequestParam(defaultValue = "all") String filter, @RequestParam(defaultValue = "0") int page, Model model) {
        PatchService.Overview overview = patches.overview(viewer, clientId, filter, SHOWN);
        model.addAttribute("summaries", overview.clients());
        model.addAttribute("clientId", clientId);
        model.addAttribute("security", security);
        model.addAttribute("cve", cve == null ? "" : cve);
        model.addAttribute("name", name == null ? "" : name);
        model.addAttribute("filter", filter);
        model.addAttribute("filters", PatchService.DEVICE_FILTERS);
        try {
            PatchViews.OutstandingList outstanding = patches.outstanding(viewer, clientId, security, cve, name, page, SHOWN);
            model.addAttribute("page", outstanding.page());
            model.addAttribute("outstanding", outstanding.page().items());
            model.addAttribute("outstandingTotal", outstanding.page().total());
            model.addAttribute("outstandingAsOf", outstanding.asOf());
            PatchViews.ExposureAnswer exposure = cve == null || cve.isBlank() ? null : patches.exposure(viewer, cve, 0, SHOWN);
            model.addAttribute("exposure", exposure == null ? null : exposure.page().items());
            model.addAttribute("exposureTotal", exposure == null ? 0 : exposure.devices());
            model.addAttribute("exposureClients", exposure == null ? List.of() : exposure.clients());
        } catch (InvalidInputException e) {
            model.addAttribute("outstanding", List.of());
            model.addAttribute("outstandingTotal", 0);
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("devices", overview.devices());
        model.addAttribute("devicesTotal", overview.devicesTotal());
        model.addAttribute("retryOffers", attempts.offers(viewer, clientId));
        if (clientId != null) {
            model.addAttribute("plans", installs.approvedPlans(viewer, clientId));
            model.addAttribute("policy", policies.get(viewer, clientId));
        }
        return "patches/central";
    }

    /** How many rows of each list the central page shows (the oldest first); a fleet has far more, and filters narrow them. */
    static final int SHOWN = 100;

    /** Mass approval: every checked row (client id, package and version, space-separated) gets the decision. */
    @PostMapping("/patches/decisions")
    String decide(Viewer viewer, @RequestParam(defaultValue = "") List<String> rows, @RequestParam String decision, RedirectAttributes flash) {
        java.util.Map<ClientId, List<PatchViews.PackageVersion>> byClient = new java.util.LinkedHashMap<>();
        for (String row : rows) {
            String[] parts = row.split(" ", 3);
            if (parts.length != 3) {
                throw new InvalidInputException("rows", "A row is the client id, the package and the version.");
            }
            ClientId client = new ClientId(UUID.fromString(parts[0]));
            byClient.computeIfAbsent(client, k -> new ArrayList<>()).add(new PatchViews.PackageVersion(parts[1], parts[2]));
        }
        int n = 0;
        for (var e : byClient.entrySet()) {
            n += patches.decide(viewer, new PatchViews.Decision(e.getKey(), decision, e.getValue()));
        }
        flash.addFlashAttribute("notice", n == 0 ? "Nothing was checked." : ("APPROVED".equals(decision) ? "Approved " : "Rejected ") + n + " update(s).");
        return "redirect:/patches";
    }

    @PostMapping("/patches/clients/{clientId}/security-run")
    String runSecurity(Viewer viewer, @PathVariable ClientId clientId, RedirectAttributes flash) {
        List<io.steward.server.patching.PatchInstalls.SecurityRun> runs = installs.runSecurity(viewer, clientId);
        long refused = runs.stream().filter(r -> r.refusal() != null).count();
        flash.addFlashAttribute("notice", runs.isEmpty() ? "No security updates to install." : (runs.size() - refused) + " task(s) started under the "
                + "standard change" + (refused == 0 ? "." : "; the signer refused " + refused + ": " + runs.stream().filter(r -> r.refusal() != null)
                .map(io.steward.server.patching.PatchInstalls.SecurityRun::refusal).findFirst().orElse("")));
        return "redirect:/patches?clientId=" + clientId;
    }

    @GetMapping("/devices/{deviceId}/patches")
    String devicePanel(Viewer viewer, @PathVariable DeviceId deviceId, Model model) {
        model.addAttribute("patches", patches.device(viewer, deviceId));
        model.addAttribute("attempts", attempts.device(viewer, deviceId));
        return "patches/device-panel";
    }

    @GetMapping("/patches/clients/{clientId}/policy")
    String policy(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("policy", policies.get(viewer, clientId));
        model.addAttribute("mayEditPolicy", viewer.hasRole(io.steward.server.patching.PatchPolicies.POLICY_EDITORS));
        model.addAttribute("client", clients.get(viewer, clientId));
        model.addAttribute("nextCycle", policies.nextCycle(viewer, clientId));
        model.addAttribute("choices", policies.rolloutChoices(viewer, clientId));
        model.addAttribute("summary", patches.clients(viewer, clientId).stream().findFirst().orElse(null));
        model.addAttribute("cycles", cycles.list(viewer, clientId).stream().limit(6).toList());
        model.addAttribute("clientNames", CyclePages.names(clients, viewer));
        model.addAttribute("mayDecide", CyclePages.mayDecide(viewer));
        return "patches/policy";
    }

    @PostMapping("/patches/clients/{clientId}/policy")
    String savePolicy(Viewer viewer, @PathVariable ClientId clientId, @RequestParam int version, @RequestParam(required = false) Integer scanHours,
                      @RequestParam(defaultValue = "false") boolean refreshMetadata, @RequestParam(required = false) Integer refreshJitterMinutes,
                      @RequestParam(required = false) Integer securityDeadlineDays, @RequestParam(required = false) Integer cycleWeek,
                      @RequestParam(required = false) Integer cycleWeekday, @RequestParam(required = false) Integer cycleOffsetDays,
                      @RequestParam(required = false) String securityApproval, @RequestParam(defaultValue = "") String heldPackages,
                      @RequestParam(required = false) String reboot, @RequestParam(required = false) Integer rebootWarningMinutes,
                      @RequestParam(required = false) String pilotGroupId, @RequestParam(required = false) Integer pilotWaitDays,
                      @RequestParam(required = false) Integer ringStopPercent, @RequestParam(required = false) Integer installRetries,
                      @RequestParam(required = false) Integer emergencyHours, @RequestParam(required = false) String preScriptId,
                      @RequestParam(required = false) String postScriptId, Model model, RedirectAttributes flash) {
        PatchPolicy.Draft draft = new PatchPolicy.Draft(scanHours, refreshMetadata, refreshJitterMinutes, securityDeadlineDays, cycleWeek, cycleWeekday,
                cycleOffsetDays, securityApproval, List.of(heldPackages.split("[\\s,]+")), reboot, rebootWarningMinutes,
                new PatchPolicy.Rollout.Draft(pilotGroupId, pilotWaitDays, ringStopPercent, installRetries, emergencyHours, preScriptId, postScriptId));
        try {
            policies.update(viewer, clientId, draft, version);
        } catch (InvalidInputException | StaleVersionException e) {
            model.addAttribute("problem", e instanceof StaleVersionException ? "Someone changed the policy meanwhile; here is theirs." : e.getMessage());
            return policy(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "Patch policy saved.");
        return "redirect:/patches/clients/" + clientId + "/policy";
    }

    @PostMapping("/patches/clients/{clientId}/scan-request")
    String requestScan(Viewer viewer, @PathVariable ClientId clientId, RedirectAttributes flash) {
        policies.requestScan(viewer, clientId);
        flash.addFlashAttribute("notice", "The client's devices scan at their next heartbeat.");
        return "redirect:/patches/clients/" + clientId + "/policy";
    }
}
