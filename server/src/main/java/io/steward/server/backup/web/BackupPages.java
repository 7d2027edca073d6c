package io.steward.server.backup.web;

import java.util.List;

import io.steward.server.backup.BackupPolicies;
import io.steward.server.backup.BackupPolicy;
import io.steward.server.backup.BackupService;
import io.steward.server.backup.RestoreTests;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The backup pages: the fleet's clients with their figures, a client's page (coverage, jobs against the RPO, breaches,
 * restore tests against the RTO, the objectives form), and the device page's backup panel with its own objectives.
 */
@Controller
class BackupPages {
    private final BackupService backups;
    private final BackupPolicies policies;
    private final RestoreTests restoreTests;
    private final DeviceService devices;

    BackupPages(BackupService backups, BackupPolicies policies, RestoreTests restoreTests, DeviceService devices) {
        this.backups = backups;
        this.policies = policies;
        this.restoreTests = restoreTests;
        this.devices = devices;
    }

    @GetMapping("/backup")
    String fleet(Viewer viewer, Model model) {
        model.addAttribute("summaries", backups.clients(viewer));
        return "backup/fleet";
    }

    @GetMapping("/backup/clients/{clientId}")
    String client(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        var backup = backups.client(viewer, clientId);
        model.addAttribute("backup", backup);
        model.addAttribute("policy", backup.policy());
        model.addAttribute("mayEdit", viewer.hasRole(BackupPolicies.EDITORS) && !viewer.readOnly());
        model.addAttribute("groups", devices.groups(viewer, clientId));
        model.addAttribute("scopes", BackupPolicy.SCOPES);
        model.addAttribute("periods", BackupPolicy.PERIODS);
        return "backup/client";
    }

    @PostMapping("/backup/clients/{clientId}/policy")
    String savePolicy(Viewer viewer, @PathVariable ClientId clientId, @RequestParam int version, @RequestParam(required = false) Integer rpoHours,
                      @RequestParam(required = false) Integer rtoMinutes, @RequestParam(required = false) String scope,
                      @RequestParam(required = false) String groupId, @RequestParam(defaultValue = "") String deviceIds,
                      @RequestParam(required = false) Integer failuresAlert, @RequestParam(required = false) Integer graceHours,
                      @RequestParam(required = false) String restorePeriod, @RequestParam(required = false) Integer restoreSample,
                      Model model, RedirectAttributes flash) {
        BackupPolicy.Draft draft = new BackupPolicy.Draft(rpoHours, rtoMinutes, scope, groupId, List.of(deviceIds.split("[\\s,]+")), failuresAlert,
                graceHours, restorePeriod, restoreSample);
        try {
            policies.update(viewer, clientId, draft, version);
        } catch (InvalidInputException | StaleVersionException e) {
            model.addAttribute("problem", e instanceof StaleVersionException ? "Someone changed the objectives meanwhile; here are theirs." : e.getMessage());
            return client(viewer, clientId, model);
        }
        flash.addFlashAttribute("notice", "Backup objectives saved.");
        return "redirect:/backup/clients/" + clientId;
    }

    @PostMapping("/backup/clients/{clientId}/restore-tests")
    String runDue(Viewer viewer, @PathVariable ClientId clientId, RedirectAttributes flash) {
        RestoreTests.Started s = restoreTests.runDue(viewer, clientId);
        flash.addFlashAttribute("notice", s.started() + " restore test(s) started." + (s.problem() == null ? "" : " " + s.problem()));
        return "redirect:/backup/clients/" + clientId;
    }

    @GetMapping("/devices/{deviceId}/backup")
    String devicePanel(Viewer viewer, @PathVariable DeviceId deviceId, Model model) {
        model.addAttribute("backup", backups.device(viewer, deviceId));
        model.addAttribute("mayEdit", viewer.hasRole(BackupPolicies.EDITORS) && !viewer.readOnly());
        return "backup/device-panel";
    }

    @PostMapping("/devices/{deviceId}/backup/objective")
    String saveObjective(Viewer viewer, @PathVariable DeviceId deviceId, @RequestParam(required = false) Integer rpoHours,
                         @RequestParam(required = false) Integer rtoMinutes, RedirectAttributes flash) {
        try {
            policies.setObjective(viewer, deviceId, new BackupPolicy.DeviceObjective(rpoHours, rtoMinutes));
            flash.addFlashAttribute("notice", "Backup objectives of the device saved.");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/devices/" + deviceId;
    }
}
