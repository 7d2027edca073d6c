package io.steward.server.security.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.devices.DeviceService;
import io.steward.server.security.SecurityChecks;
import io.steward.server.security.SecurityPlan;
import io.steward.server.security.SecurityPlans;
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

/** The security pages: a client's matrix, open episodes and month's times; a device's results and history; the client's plan. */
@Controller
class SecurityPages {
    private final SecurityChecks checks;
    private final SecurityPlans plans;
    private final ClientService clients;
    private final DeviceService devices;

    SecurityPages(SecurityChecks checks, SecurityPlans plans, ClientService clients, DeviceService devices) {
        this.checks = checks;
        this.plans = plans;
        this.clients = clients;
        this.devices = devices;
    }

    @GetMapping("/security")
    String index(Viewer viewer, Model model) {
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "security/index";
    }

    @GetMapping("/security/clients/{clientId}")
    String client(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(required = false) String month, Model model) {
        model.addAttribute("security", checks.client(viewer, clientId, SecurityApi.month(month)));
        return "security/client";
    }

    @GetMapping("/security/devices/{deviceId}")
    String device(Viewer viewer, @PathVariable DeviceId deviceId, Model model) {
        model.addAttribute("security", checks.device(viewer, deviceId));
        return "security/device";
    }

    @GetMapping("/security/clients/{clientId}/plan")
    String plan(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("plan", plans.get(viewer, clientId));
        model.addAttribute("client", clients.get(viewer, clientId));
        model.addAttribute("checks", io.steward.protocol.security.SecurityCheckMessages.CHECKS);
        model.addAttribute("mayEditPlan", viewer.hasRole(SecurityPlans.PLAN_EDITORS));
        model.addAttribute("overrides", plans.overrides(viewer, clientId));
        model.addAttribute("groups", devices.groups(viewer, clientId));
        return "security/plan";
    }

    @PostMapping("/security/clients/{clientId}/plan")
    String savePlan(Viewer viewer, @PathVariable ClientId clientId, @RequestParam int version, @RequestParam(required = false) Integer everyMinutes,
                    @RequestParam(required = false) Integer failedLogonWindowMinutes, @RequestParam(required = false) Integer failedLogonThreshold,
                    @RequestParam(defaultValue = "") String allowedPorts, @RequestParam(defaultValue = "") String admins,
                    @RequestParam(required = false) Integer maxRebootPendingHours, @RequestParam(required = false) Integer maxSecurityUpdateAgeDays,
                    @RequestParam(defaultValue = "") List<String> incidentChecks, Model model, RedirectAttributes flash) {
        SecurityPlan.Draft draft = new SecurityPlan.Draft(everyMinutes, failedLogonWindowMinutes, failedLogonThreshold,
                List.of(allowedPorts.split("[\\s,]+")), List.of(admins.split("[\\n,]+")), maxRebootPendingHours, maxSecurityUpdateAgeDays,
                incidentChecks);
        try {
            plans.update(viewer, clientId, draft, version);
        } catch (InvalidInputException | StaleVersionException e) {
            model.addAttribute("problem", e instanceof StaleVersionException ? "Someone changed the plan meanwhile; here is theirs." : e.getMessage());
            return plan(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "Security plan saved.");
        return "redirect:/security/clients/" + clientId + "/plan";
    }

    /** A group's exceptions from the page: a blank field inherits the client's value; saved over the group's current version. */
    @PostMapping("/security/clients/{clientId}/plan/device-groups")
    String saveGroup(Viewer viewer, @PathVariable ClientId clientId, @RequestParam UUID groupId, @RequestParam(required = false) Integer everyMinutes,
                     @RequestParam(required = false) Integer failedLogonWindowMinutes, @RequestParam(required = false) Integer failedLogonThreshold,
                     @RequestParam(defaultValue = "") String allowedPorts, @RequestParam(defaultValue = "") String admins,
                     @RequestParam(required = false) Integer maxRebootPendingHours, @RequestParam(required = false) Integer maxSecurityUpdateAgeDays,
                     @RequestParam(defaultValue = "") List<String> incidentChecks, Model model, RedirectAttributes flash) {
        SecurityPlan.Draft draft = new SecurityPlan.Draft(everyMinutes, failedLogonWindowMinutes, failedLogonThreshold,
                allowedPorts.isBlank() ? null : List.of(allowedPorts.split("[\\s,]+")), admins.isBlank() ? null : List.of(admins.split("[\\n,]+")),
                maxRebootPendingHours, maxSecurityUpdateAgeDays, incidentChecks.stream().allMatch(String::isBlank) ? null : incidentChecks);
        int version = plans.overrides(viewer, clientId).stream().filter(o -> o.groupId().equals(groupId)).mapToInt(SecurityPlan.GroupOverride::version)
                .findFirst().orElse(0);
        try {
            plans.saveOverride(viewer, clientId, groupId, draft, version);
        } catch (InvalidInputException | StaleVersionException e) {
            model.addAttribute("problem", e instanceof StaleVersionException ? "Someone changed the group's exceptions meanwhile." : e.getMessage());
            return plan(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "The group's exceptions were saved.");
        return "redirect:/security/clients/" + clientId + "/plan";
    }

    @PostMapping("/security/clients/{clientId}/plan/device-groups/{groupId}/delete")
    String deleteGroup(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID groupId, @RequestParam int version, RedirectAttributes flash) {
        plans.deleteOverride(viewer, clientId, groupId, version);
        flash.addFlashAttribute("notice", "The group checks by the client's plan again.");
        return "redirect:/security/clients/" + clientId + "/plan";
    }
}
