package io.steward.server.security.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import io.steward.server.security.SecurityChecks;
import io.steward.server.security.SecurityPlan;
import io.steward.server.security.SecurityPlans;
import io.steward.server.security.SecurityViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoint security checks over JSON (staff only): per client and per device, and the client's plan. */
@RestController
@RequestMapping("/api/v1/security")
@Tag(name = "Security checks", description = "The endpoint security checks the agents evaluate (failed logons, new admin group members, "
        + "firewall, disk encryption, antivirus, listening ports, SSH password login, security updates, pending reboot): each check's "
        + "latest result per device with its evidence, its history as failing episodes (began, detected, fixed), the month's mean and "
        + "median time to detect (began to detected) and to repair (detected to fixed), and the client's plan the agents check by. "
        + "Not web access control. Technicians limited to some clients see only theirs.")
class SecurityApi {
    private final SecurityChecks checks;
    private final SecurityPlans plans;

    SecurityApi(SecurityChecks checks, SecurityPlans plans) {
        this.checks = checks;
        this.plans = plans;
    }

    @GetMapping("/clients/{clientId}")
    @Operation(summary = "The client's devices x checks matrix of latest statuses, its open episodes and a month's MTTD and MTTR (only "
            + "episodes detected in the month count; those still open are counted apart)")
    SecurityViews.ClientSecurity getClientSecurity(Viewer viewer, @PathVariable ClientId clientId,
                                                   @Parameter(description = "yyyy-mm in the client's time zone; default: this month")
                                                   @RequestParam(required = false) String month) {
        return checks.client(viewer, clientId, month(month));
    }

    @GetMapping("/devices/{deviceId}")
    @Operation(summary = "One device's latest result of each check with its evidence, and its episode history, newest first")
    SecurityViews.DeviceSecurity getDeviceSecurity(Viewer viewer, @PathVariable DeviceId deviceId) {
        return checks.device(viewer, deviceId);
    }

    @GetMapping("/clients/{clientId}/plan")
    @Operation(summary = "The client's security-check plan (its defaults when never set: version 0); ETag is its version")
    ResponseEntity<SecurityPlan> getSecurityPlan(Viewer viewer, @PathVariable ClientId clientId) {
        SecurityPlan p = plans.get(viewer, clientId);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @PutMapping("/clients/{clientId}/plan")
    @Operation(summary = "Change the client's security-check plan (fields left out keep their value; service managers and admins); "
            + "If-Match: the version read (\"0\" for the defaults)")
    ResponseEntity<SecurityPlan> updateSecurityPlan(Viewer viewer, @PathVariable ClientId clientId, ExpectedVersion ifMatch,
                                                    @RequestBody SecurityPlan.Draft draft) {
        SecurityPlan p = plans.update(viewer, clientId, draft, ifMatch.value());
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @GetMapping("/clients/{clientId}/plan/device-groups")
    @Operation(summary = "The client's device groups with exceptions to its plan (a null field inherits the client's value; where a device is "
            + "in several, each field comes from the first group by name that sets it)")
    java.util.List<SecurityPlan.GroupOverride> listSecurityPlanGroups(Viewer viewer, @PathVariable ClientId clientId) {
        return plans.overrides(viewer, clientId);
    }

    @PutMapping("/clients/{clientId}/plan/device-groups/{groupId}")
    @Operation(summary = "Set a device group's exceptions to the client's plan, whole (a field left out or null inherits the client's value); "
            + "If-Match: the exceptions' version (\"0\" when the group has none yet)")
    ResponseEntity<SecurityPlan.GroupOverride> updateSecurityPlanGroup(Viewer viewer, @PathVariable ClientId clientId, @PathVariable java.util.UUID groupId,
                                                                       ExpectedVersion ifMatch, @RequestBody SecurityPlan.Draft draft) {
        SecurityPlan.GroupOverride o = plans.saveOverride(viewer, clientId, groupId, draft, ifMatch.value());
        return ResponseEntity.ok().eTag("\"" + o.version() + "\"").body(o);
    }

    @DeleteMapping("/clients/{clientId}/plan/device-groups/{groupId}")
    @Operation(summary = "Remove a device group's exceptions: its devices check by the client's plan again; If-Match: their version")
    ResponseEntity<Void> deleteSecurityPlanGroup(Viewer viewer, @PathVariable ClientId clientId, @PathVariable java.util.UUID groupId,
                                                 ExpectedVersion ifMatch) {
        plans.deleteOverride(viewer, clientId, groupId, ifMatch.value());
        return ResponseEntity.noContent().build();
    }

    static YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "A month as yyyy-mm.");
        }
    }
}
