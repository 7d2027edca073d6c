package io.steward.server.reporting.web;

import io.steward.server.reporting.dashboard.ClientOverview;
import io.steward.server.reporting.dashboard.ClientOverviewService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The client page's panels over JSON. */
@RestController
@Tag(name = "Dashboards")
class ClientOverviewApi {
    private final ClientOverviewService overviews;

    ClientOverviewApi(ClientOverviewService overviews) {
        this.overviews = overviews;
    }

    @GetMapping("/api/v1/clients/{clientId}/overview")
    @Operation(summary = "One client at a glance (staff): open tickets with the nearest running SLA clock first (first 10 and the total), "
            + "devices online, offline and pending with the first 10 (offline first), the contract in force today and the newest stored "
            + "monthly report; a client out of scope is 404")
    ClientOverview overview(Viewer viewer, @PathVariable ClientId clientId) {
        return overviews.of(viewer, clientId);
    }
}
