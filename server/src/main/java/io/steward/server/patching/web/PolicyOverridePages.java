package io.steward.server.patching.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.patching.PatchPolicies;
import io.steward.server.patching.PolicyOverride;
import io.steward.server.patching.PolicyOverrides;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
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

/** The page of a client's site and device-group patch policies. */
@Controller
class PolicyOverridePages {
    private final PolicyOverrides overrides;
    private final ClientService clients;

    PolicyOverridePages(PolicyOverrides overrides, ClientService clients) {
        this.overrides = overrides;
        this.clients = clients;
    }

    @GetMapping("/patches/clients/{clientId}/overrides")
    String page(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("client", clients.get(viewer, clientId));
        model.addAttribute("overrides", overrides.list(viewer, clientId));
        model.addAttribute("scopes", overrides.scopes(viewer, clientId));
        model.addAttribute("mayEditPolicy", viewer.hasRole(PatchPolicies.POLICY_EDITORS));
        return "patches/overrides";
    }

    @PostMapping("/patches/clients/{clientId}/overrides")
    String save(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "0") int version,
                @RequestParam(required = false) Integer scanHours, @RequestParam(required = false) Integer securityDeadlineDays,
                @RequestParam(required = false) String securityApproval, @RequestParam(defaultValue = "") String heldPackages,
                @RequestParam(required = false) String reboot, @RequestParam(required = false) Integer rebootWarningMinutes, Model model,
                RedirectAttributes flash) {
        try {
            String[] key = key(scope);
            overrides.save(viewer, clientId, key[0], UUID.fromString(key[1]), new PolicyOverride.Draft(scanHours, securityDeadlineDays, securityApproval,
                    List.of(heldPackages.split("[\\s,]+")), reboot, rebootWarningMinutes), version);
        } catch (InvalidInputException | StaleVersionException e) {
            model.addAttribute("problem", e instanceof StaleVersionException ? "Someone changed this policy meanwhile; here is theirs." : e.getMessage());
            return page(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "Policy saved.");
        return "redirect:/patches/clients/" + clientId + "/overrides";
    }

    @PostMapping("/patches/clients/{clientId}/overrides/delete")
    String delete(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(defaultValue = "") String scope, Model model, RedirectAttributes flash) {
        try {
            String[] key = key(scope);
            overrides.delete(viewer, clientId, key[0], UUID.fromString(key[1]));
        } catch (InvalidInputException | NotFoundException e) {
            model.addAttribute("problem", e.getMessage());
            return page(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "Policy removed: those devices follow the client's policy again.");
        return "redirect:/patches/clients/" + clientId + "/overrides";
    }

    /** {@code KIND:id} from the form; 400 for anything else. */
    private static String[] key(String scope) {
        String[] key = scope.split(":", 2);
        try {
            if (key.length == 2) {
                UUID.fromString(key[1]);
                return key;
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        throw new InvalidInputException("scope", "Choose a site or device group.");
    }
}
