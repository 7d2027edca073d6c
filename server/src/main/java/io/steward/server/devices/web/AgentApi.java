package io.steward.server.devices.web;

import io.steward.protocol.Messages;
import io.steward.server.devices.DeviceService;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent channel (protocol v1): enrollment, heartbeat, inventory. Not part of the public API documentation. */
@RestController
@RequestMapping("/agent/v1")
class AgentApi {
    private final DeviceService devices;
    private final io.steward.server.devices.MonitoringService monitoring;

    AgentApi(DeviceService devices, io.steward.server.devices.MonitoringService monitoring) {
        this.devices = devices;
        this.monitoring = monitoring;
    }

    @PostMapping("/enroll")
    ResponseEntity<?> enroll(@RequestBody Messages.EnrollRequest request, HttpServletRequest http) {
        try {
            Messages.EnrollResponse response = TenantContext.callAsSystem(() -> devices.enroll(request, http.getRemoteAddr()));
            return ResponseEntity.status(HttpStatus.CREATED).body(response);
        } catch (DeviceService.EnrollmentRefused refused) {
            ProblemDetail p = HttpProblems.of(HttpStatus.valueOf(refused.status()), refused.getMessage(), http);
            return ResponseEntity.status(refused.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
    }

    @PostMapping("/heartbeat")
    Messages.HeartbeatResponse heartbeat(@RequestAttribute(AgentDevice.ATTRIBUTE) AgentDevice device, @RequestBody Messages.Heartbeat heartbeat) {
        return monitoring.heartbeat(device);
    }

    @PostMapping("/inventory")
    ResponseEntity<Void> inventory(@RequestAttribute(AgentDevice.ATTRIBUTE) AgentDevice device, @RequestBody Messages.Inventory inventory) {
        devices.storeInventory(device, inventory);
        return ResponseEntity.noContent().build();
    }
}
