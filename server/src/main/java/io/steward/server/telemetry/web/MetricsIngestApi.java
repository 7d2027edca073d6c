package io.steward.server.telemetry.web;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.telemetry.TelemetryService;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The agent's metric batches (protocol v1). Signed and verified before they arrive here. */
@RestController
class MetricsIngestApi {
    private final TelemetryService telemetry;

    MetricsIngestApi(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @PostMapping("/agent/v1/metrics")
    Messages.BatchResponse metrics(@RequestAttribute(AgentDevice.ATTRIBUTE) AgentDevice device, @RequestBody Messages.MetricBatch batch) {
        return telemetry.ingest(device, batch);
    }
}
