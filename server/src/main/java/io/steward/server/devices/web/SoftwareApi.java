package io.steward.server.devices.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.devices.InstalledSoftware;
import io.steward.server.devices.SoftwareCatalog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Installed software: per device, and searched across a client's fleet (MSP staff). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Devices")
class SoftwareApi {
    static final Map<String, String> SORTABLE = Map.of("name", "lower(s.name)", "version", "s.version", "hostname", "lower(d.hostname)");

    private final SoftwareCatalog software;

    SoftwareApi(SoftwareCatalog software) {
        this.software = software;
    }

    @GetMapping("/software")
    @Operation(summary = "Find installed software by package name (prefix; start with * to match anywhere), optionally for one client")
    Page<InstalledSoftware> search(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) UUID clientId,
                                   @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                                   @RequestParam(required = false) String sort) {
        return software.search(viewer, clientId == null ? null : new ClientId(clientId), q, PageQuery.of(page, size, sort, SORTABLE, "name"));
    }

    @GetMapping("/devices/{deviceId}/software")
    @Operation(summary = "What a device has installed, as its last inventory reported")
    List<InstalledSoftware> ofDevice(Viewer viewer, @PathVariable DeviceId deviceId) {
        return software.ofDevice(viewer, deviceId);
    }
}
