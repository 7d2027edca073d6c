package io.steward.server.reporting.web;

import java.util.List;

import io.steward.server.reporting.dashboard.ClientDashboard;
import io.steward.server.reporting.dashboard.DashboardCache;
import io.steward.server.reporting.dashboard.DashboardService;
import io.steward.server.reporting.dashboard.MspDashboard;
import io.steward.server.reporting.dashboard.PortalDevice;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboards' figures over JSON; bad parameters are problem+json 400 naming the field. */
@RestController
@Tag(name = "Dashboards", description = "The MSP dashboard and the client portal dashboard")
class DashboardApi {
    private final DashboardService dashboards;
    private final DashboardCache cache;

    DashboardApi(DashboardService dashboards, DashboardCache cache) {
        this.dashboards = dashboards;
        this.cache = cache;
    }

    @GetMapping("/api/v1/dashboard")
    @Operation(summary = "The MSP dashboard of the caller's clients (staff): open tickets by priority and SLA standing, SLA breaches "
            + "since midnight in `zone`, open alerts by severity, device health, top clients by tickets opened in the last `days` days, "
            + "open tickets per assignee, the clients needing attention (ranked by breached and open tickets, then open alerts; at most 10) "
            + "and the changes awaiting approval")
    MspDashboard msp(Viewer viewer,
                     @Parameter(description = "IANA time zone that 'today' is counted in; default UTC") @RequestParam(required = false) String zone,
                     @Parameter(description = "days of ticket volume for topClients, 1-366; default 30") @RequestParam(required = false) String days) {
        return cache.msp(viewer, dashboards.period(zone, days));
    }

    @GetMapping("/api/v1/portal/dashboard")
    @Operation(summary = "The portal dashboard of the caller's own client (client users): open tickets, device health, devices with "
            + "open alerts and the latest stored monthly report (left out until there is one)")
    ClientDashboard client(Viewer viewer) {
        return dashboards.client(viewer);
    }

    @GetMapping("/api/v1/portal/devices")
    @Operation(summary = "The caller's own client's devices (client users), read-only, by hostname: OS, state (ONLINE, OFFLINE or "
            + "PENDING), last seen (also in the client's time zone) and open alerts; retired devices are left out")
    List<PortalDevice> devices(Viewer viewer) {
        return dashboards.devices(viewer);
    }

    @GetMapping("/api/v1/portal/devices/{portalDeviceId}")
    @Operation(summary = "One of the caller's own client's devices (client users); another client's is 404")
    PortalDevice device(Viewer viewer, @PathVariable("portalDeviceId") DeviceId id) {
        return dashboards.device(viewer, id);
    }
}
