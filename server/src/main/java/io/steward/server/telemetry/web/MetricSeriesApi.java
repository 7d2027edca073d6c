package io.steward.server.telemetry.web;

import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.steward.server.telemetry.MetricSeries;
import io.steward.server.telemetry.TelemetryService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Metric history of a device from the rollups (MSP staff), for charts and integrators. */
@RestController
class MetricSeriesApi {
    private final TelemetryService telemetry;

    MetricSeriesApi(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @GetMapping("/api/v1/devices/{deviceId}/metrics/series")
    @Operation(summary = "A metric of a device over the last HOUR or DAY (1-minute buckets) or WEEK (hourly buckets): min, max, mean and "
            + "sample count per bucket, oldest first", tags = "Devices")
    MetricSeries series(Viewer viewer, @PathVariable DeviceId deviceId,
                        @Parameter(description = "metric name, e.g. cpu.utilization") @RequestParam String metric,
                        @Parameter(description = "instance, e.g. a mount point; empty for single metrics") @RequestParam(defaultValue = "") String instance,
                        @Parameter(description = "HOUR, DAY or WEEK") @RequestParam(defaultValue = "HOUR") MetricSeries.Range range) {
        return telemetry.series(viewer, deviceId, metric, instance, range);
    }
}
