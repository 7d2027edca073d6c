package io.steward.server.devices.web;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.devices.AgentInstall;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.EnrollmentToken;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Enrollment tokens and the device registry over JSON (MSP staff). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Devices", description = "Enrollment tokens and managed endpoints")
class DeviceApi {
    private final DeviceService devices;
    private final io.steward.server.platform.TlsIdentity tls;
    private final AgentInstall install;

    DeviceApi(DeviceService devices, io.steward.server.platform.TlsIdentity tls, AgentInstall install) {
        this.devices = devices;
        this.tls = tls;
        this.install = install;
    }

    /** A token to create. */
    record TokenRequest(@Size(max = 100) String name, UUID siteId, @Min(1) @Max(720) Integer expiresInHours,
                        @Min(1) @Max(100_000) Integer maxUses, Boolean autoApprove) {
    }

    /**
     * A created token; {@code token} is shown this once.
     *
     * @param serverFingerprint SHA-256 of the HTTPS certificate, for the agent's --fingerprint
     * @param httpsPort         where agents connect over HTTPS
     * @param install           the install lines with this token in them
     */
    record TokenCreated(EnrollmentToken enrollmentToken, String token, String serverFingerprint, int httpsPort, AgentInstall.Instructions install) {
    }

    /**
     * How to install the agent with a token made earlier: its secret is not stored, so the lines carry
     * {@code <TOKEN>} where it goes.
     */
    record TokenInstall(EnrollmentToken enrollmentToken, AgentInstall.Instructions install) {
    }

    @PostMapping("/clients/{clientId}/enrollment-tokens")
    @Operation(summary = "Create an enrollment token for a client (and optionally a site); the secret is in this answer only")
    ResponseEntity<TokenCreated> createToken(Viewer viewer, @PathVariable ClientId clientId, @Valid @RequestBody TokenRequest request,
                                             HttpServletRequest http) {
        DeviceService.NewToken t = devices.createToken(viewer, clientId, request.siteId() == null ? null : new SiteId(request.siteId()),
                request.name(), Duration.ofHours(request.expiresInHours() == null ? 24 : request.expiresInHours()),
                request.maxUses() == null ? 1 : request.maxUses(), Boolean.TRUE.equals(request.autoApprove()));
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenCreated(t.token(), t.secret(), tls.fingerprint(), tls.port(),
                install.instructions(http.getServerName(), t.secret())));
    }

    @GetMapping("/enrollment-tokens/{enrollmentTokenId}/install")
    @Operation(summary = "How to install the agent with this token: the server's public address (or, when none is set, the host this "
            + "request came to), the downloads with their SHA-256, Linux (systemd) lines, Windows notes and the Java it needs; "
            + "<TOKEN> stands for the secret, which is shown only when the token is created")
    TokenInstall enrollmentTokenInstall(Viewer viewer, @PathVariable EnrollmentTokenId enrollmentTokenId, HttpServletRequest http) {
        return new TokenInstall(devices.token(viewer, enrollmentTokenId), install.instructions(http.getServerName(), null));
    }

    @GetMapping("/clients/{clientId}/enrollment-tokens")
    @Operation(summary = "A client's enrollment tokens (never their secrets)")
    List<EnrollmentToken> tokens(Viewer viewer, @PathVariable ClientId clientId) {
        return devices.tokens(viewer, clientId);
    }

    @DeleteMapping("/enrollment-tokens/{enrollmentTokenId}")
    @Operation(summary = "Revoke an enrollment token")
    EnrollmentToken revoke(Viewer viewer, @PathVariable EnrollmentTokenId enrollmentTokenId) {
        return devices.revokeToken(viewer, enrollmentTokenId);
    }

    @GetMapping("/devices")
    @Operation(summary = "Devices in the caller's scope, optionally of one client and status (PENDING, APPROVED, RETIRED), with a tag, "
            + "in a group, and ONLINE or OFFLINE (approved and heard from within three heartbeats, or not)")
    List<Device> list(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(required = false) String status,
                      @RequestParam(required = false) String tag, @RequestParam(required = false) UUID groupId,
                      @RequestParam(required = false) String state) {
        return devices.list(viewer, clientId == null ? null : new ClientId(clientId), status, tag, groupId, state);
    }

    /** A device's tags. */
    record Tags(List<String> tags) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/devices/{deviceId}/tags")
    @Operation(summary = "Replace a device's tags (lower-case, 1-40 characters of a-z 0-9 _ . : -, at most 20); rule groups follow them")
    Device tags(Viewer viewer, @PathVariable DeviceId deviceId, @RequestBody Tags body) {
        return devices.setTags(viewer, deviceId, body.tags());
    }

    @GetMapping("/clients/{clientId}/device-groups")
    @Operation(summary = "A client's device groups with their current members")
    List<io.steward.server.devices.DeviceGroup> groups(Viewer viewer, @PathVariable ClientId clientId) {
        return devices.groups(viewer, clientId);
    }

    @PostMapping("/clients/{clientId}/device-groups")
    @Operation(summary = "Create a device group: STATIC with deviceIds, or RULE matching OS (contains), site and tags (all given must hold)")
    ResponseEntity<io.steward.server.devices.DeviceGroup> createGroup(Viewer viewer, @PathVariable ClientId clientId,
                                                                      @RequestBody DeviceService.GroupDraft draft) {
        return ResponseEntity.status(HttpStatus.CREATED).body(devices.createGroup(viewer, clientId, draft));
    }

    @GetMapping("/device-groups/{groupId}")
    @Operation(summary = "A device group with its current members")
    io.steward.server.devices.DeviceGroup group(Viewer viewer, @PathVariable UUID groupId) {
        return devices.group(viewer, groupId);
    }

    /** The members of a static group. */
    record Members(List<UUID> deviceIds) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/device-groups/{groupId}/members")
    @Operation(summary = "Replace a static group's members")
    io.steward.server.devices.DeviceGroup members(Viewer viewer, @PathVariable UUID groupId, @RequestBody Members body) {
        return devices.setMembers(viewer, groupId, body.deviceIds());
    }

    @DeleteMapping("/device-groups/{groupId}")
    @Operation(summary = "Delete a device group (policies scoped to it go with it)")
    ResponseEntity<Void> deleteGroup(Viewer viewer, @PathVariable UUID groupId) {
        devices.deleteGroup(viewer, groupId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/devices/{deviceId}")
    @Operation(summary = "A device")
    Device get(Viewer viewer, @PathVariable DeviceId deviceId) {
        return devices.get(viewer, deviceId);
    }

    @GetMapping("/devices/{deviceId}/inventory")
    @Operation(summary = "The device's inventory as its agent last reported it")
    ResponseEntity<Messages.Inventory> inventory(Viewer viewer, @PathVariable DeviceId deviceId) {
        Messages.Inventory inventory = devices.inventory(viewer, deviceId);
        return inventory == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(inventory);
    }

    @PostMapping("/devices/{deviceId}/approve")
    @Operation(summary = "Approve a pending device")
    Device approve(Viewer viewer, @PathVariable DeviceId deviceId) {
        return devices.setStatus(viewer, deviceId, "APPROVED");
    }

    /** How much the device matters. */
    record Criticality(String criticality) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/devices/{deviceId}/criticality")
    @Operation(summary = "Set LOW, NORMAL, HIGH or CRITICAL: alerts on critical devices open higher-impact incidents")
    Device criticality(Viewer viewer, @PathVariable DeviceId deviceId, @RequestBody Criticality body) {
        return devices.setCriticality(viewer, deviceId, body.criticality());
    }

    @PostMapping("/devices/{deviceId}/retire")
    @Operation(summary = "Retire a device: its key stops working; retiredAt records when (monthly reports count it in the months before)")
    Device retire(Viewer viewer, @PathVariable DeviceId deviceId) {
        return devices.setStatus(viewer, deviceId, "RETIRED");
    }
}
