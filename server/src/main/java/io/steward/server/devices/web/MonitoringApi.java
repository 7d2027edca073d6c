package io.steward.server.devices.web;

import java.util.List;

import io.steward.server.devices.MonitoringService;
import io.steward.server.devices.MonitoringSettings;
import io.steward.server.devices.MonitoringTargets;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A client's monitoring settings over JSON (MSP staff); its agents pick them up with their next heartbeat. */
@RestController
@RequestMapping("/api/v1/clients/{clientId}/monitoring")
@Tag(name = "Devices", description = "Enrollment tokens and managed endpoints")
class MonitoringApi {
    private final MonitoringService monitoring;

    MonitoringApi(MonitoringService monitoring) {
        this.monitoring = monitoring;
    }

    /**
     * New settings; absent numbers take the defaults (metrics every 60 s, the server's heartbeat),
     * absent lists are empty.
     *
     * @param heartbeatSeconds at most the server's heartbeat setting (a device is offline after three of those)
     * @param pingHosts        host names or IP addresses (latency and packet loss), at most 20
     * @param httpChecks       http(s) URLs and the status that means up (200 when absent), at most 20
     * @param services         systemd unit names, at most 50
     */
    record SettingsRequest(Integer metricsSeconds, Integer heartbeatSeconds, List<String> pingHosts, List<MonitoringSettings.HttpCheck> httpChecks,
                           List<String> services) {
    }

    @GetMapping
    @Operation(summary = "A client's monitoring settings (intervals, hosts to ping, URLs to check, services to watch); the ETag is their version")
    ResponseEntity<MonitoringSettings> get(Viewer viewer, @PathVariable ClientId clientId) {
        MonitoringSettings s = monitoring.get(viewer, clientId);
        return IfMatch.ok(s, s.version());
    }

    @PutMapping
    @Operation(summary = "Replace a client's monitoring settings; send If-Match (\"0\" before the first save). "
            + "URLs are http or https, hosts are names or IP addresses; the client's agents apply them after their next heartbeat")
    ResponseEntity<MonitoringSettings> put(Viewer viewer, @PathVariable ClientId clientId,
                                           ExpectedVersion ifMatch,
                                           @RequestBody SettingsRequest body) {
        int version = ifMatch.value();
        MonitoringSettings s = monitoring.update(viewer, clientId, new MonitoringTargets.Request(body.metricsSeconds(),
                body.heartbeatSeconds(), body.pingHosts(), body.httpChecks(), body.services()), version);
        return IfMatch.ok(s, s.version());
    }
}
