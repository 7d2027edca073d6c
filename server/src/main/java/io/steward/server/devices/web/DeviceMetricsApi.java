package io.steward.server.devices.web;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A device's latest metric values over JSON; errors are problem+json. */
@RestController
class DeviceMetricsApi {
    private final DeviceService devices;
    private final TelemetryService telemetry;

    DeviceMetricsApi(DeviceService devices, TelemetryService telemetry) {
        this.devices = devices;
        this.telemetry = telemetry;
    }

    @GetMapping("/api/v1/devices/{deviceId}/metrics")
    @Operation(summary = "The latest value of every metric of a device", tags = "Devices")
    List<LatestValue> metrics(Viewer viewer, @PathVariable("deviceId") DeviceId id) {
        devices.get(viewer, id);
        return telemetry.latest(id);
    }
}
