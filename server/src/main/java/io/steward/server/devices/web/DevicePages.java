package io.steward.server.devices.web;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.devices.AgentInstall;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.telemetry.LatestValue;
import io.steward.server.telemetry.TelemetryService;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Devices for technicians: the fleet, pending approvals, enrollment tokens and a device's page. */
@Controller
class DevicePages {
    private final DeviceService devices;
    private final TelemetryService telemetry;
    private final ClientService clients;
    private final Clock clock;
    private final AgentInstall install;

    DevicePages(DeviceService devices, TelemetryService telemetry, ClientService clients, Clock clock, AgentInstall install) {
        this.install = install;
        this.devices = devices;
        this.telemetry = telemetry;
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/devices")
    String list(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(required = false) String status,
                @RequestParam(required = false) String tag, @RequestParam(required = false) UUID groupId,
                @RequestParam(required = false) String state, HttpServletRequest request, Model model) {
        ClientId client = clientId == null ? null : new ClientId(clientId);
        model.addAttribute("devices", devices.list(viewer, client, status == null || status.isBlank() ? null : status, tag, groupId, state));
        model.addAttribute("state", state);
        model.addAttribute("groups", client == null ? List.of() : devices.groups(viewer, client));
        model.addAttribute("tag", tag);
        model.addAttribute("groupId", groupId);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("clientId", clientId);
        model.addAttribute("status", status);
        model.addAttribute("tokens", client == null ? List.of() : devices.tokens(viewer, client));
        model.addAttribute("now", clock.instant());
        model.addAttribute("heartbeat", devices.heartbeatSeconds());
        // Right after a token was made its secret is in the flash, and the lines carry it; otherwise a placeholder.
        Object newToken = model.getAttribute("newToken");
        model.addAttribute("install", install.instructions(request.getServerName(), newToken instanceof String t ? t : null));
        return "devices/list";
    }

    @PostMapping("/devices/enrollment-tokens")
    String createToken(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "24") String expiresInHours, @RequestParam(defaultValue = "1") String maxUses,
                       @RequestParam(defaultValue = "false") boolean autoApprove, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        DeviceService.NewToken created = Forms.attempt(errors, () -> {
            if (clientId == null) {
                throw new InvalidInputException("clientId", "Choose the client the devices belong to.");
            }
            return devices.createToken(viewer, new ClientId(clientId), null, name, Duration.ofHours(number(expiresInHours, "expiresInHours")),
                    number(maxUses, "maxUses"), autoApprove);
        });
        if (created == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("newToken", created.secret());
            flash.addFlashAttribute("notice", "Enrollment token created. Copy it now: it is not shown again.");
        }
        return "redirect:/devices" + (clientId == null ? "" : "?clientId=" + clientId);
    }

    @PostMapping("/devices/enrollment-tokens/{enrollmentTokenId}/revoke")
    String revokeToken(Viewer viewer, @PathVariable EnrollmentTokenId enrollmentTokenId, RedirectAttributes flash) {
        var t = devices.revokeToken(viewer, enrollmentTokenId);
        flash.addFlashAttribute("notice", "Token " + t.name() + " revoked.");
        return "redirect:/devices?clientId=" + t.clientId();
    }

    @GetMapping("/devices/{deviceId}")
    String show(Viewer viewer, @PathVariable("deviceId") DeviceId id, Model model) {
        Device d = devices.get(viewer, id);
        model.addAttribute("device", d);
        model.addAttribute("groups", devices.groups(viewer, d.clientId()).stream().filter(g -> g.members().contains(d.id().value())).toList());
        model.addAttribute("inventory", devices.inventory(viewer, id));
        model.addAttribute("latest", telemetry.latest(id));
        model.addAttribute("now", clock.instant());
        model.addAttribute("heartbeat", devices.heartbeatSeconds());
        return "devices/detail";
    }

    @PostMapping("/devices/{deviceId}/tags")
    String setTags(Viewer viewer, @PathVariable DeviceId deviceId, @RequestParam(defaultValue = "") String tags, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Device saved = Forms.attempt(errors, () -> devices.setTags(viewer, deviceId, commaList(tags)));
        flash.addFlashAttribute(saved == null ? "error" : "notice", saved == null ? String.join(" ", errors.values()) : "Tags saved.");
        return "redirect:/devices/" + deviceId;
    }

    @PostMapping("/devices/groups")
    String createGroup(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "RULE") String kind, @RequestParam(defaultValue = "") String os,
                       @RequestParam(defaultValue = "") String tags, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Object saved = Forms.attempt(errors, () -> {
            if (clientId == null) {
                throw new InvalidInputException("clientId", "Choose a client.");
            }
            return devices.createGroup(viewer, new ClientId(clientId), new DeviceService.GroupDraft(name, kind, os, null, commaList(tags), List.of()));
        });
        flash.addFlashAttribute(saved == null ? "error" : "notice", saved == null ? String.join(" ", errors.values()) : "Group created.");
        return "redirect:/devices" + (clientId == null ? "" : "?clientId=" + clientId);
    }

    @PostMapping("/devices/groups/{groupId}/delete")
    String deleteGroup(Viewer viewer, @PathVariable UUID groupId, RedirectAttributes flash) {
        UUID id = groupId;
        ClientId client = devices.group(viewer, id).clientId();
        devices.deleteGroup(viewer, id);
        flash.addFlashAttribute("notice", "Group deleted.");
        return "redirect:/devices?clientId=" + client;
    }

    private static List<String> commaList(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    @PostMapping("/devices/{deviceId}/status")
    String setStatus(Viewer viewer, @PathVariable DeviceId deviceId, @RequestParam String status, RedirectAttributes flash) {
        if (!List.of("APPROVED", "RETIRED").contains(status)) {
            throw new InvalidInputException("status", "Approve or retire.");
        }
        Device d = devices.setStatus(viewer, deviceId, status);
        flash.addFlashAttribute("notice", d.hostname() + " is " + d.status().toLowerCase() + ".");
        return "redirect:/devices/" + deviceId;
    }

    private static int number(String value, String field) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "Enter a whole number.");
        }
    }
}
