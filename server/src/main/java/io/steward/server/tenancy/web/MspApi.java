package io.steward.server.tenancy.web;

import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.MspService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The MSP's settings over HTTP (MSP admins only). */
@RestController
@RequestMapping("/api/v1/msp")
@Tag(name = "MSP", description = "The MSP's own settings: its name on report covers")
class MspApi {
    private final MspService msp;

    MspApi(MspService msp) {
        this.msp = msp;
    }

    /** @param name the MSP's name; null until set */
    record MspSettings(String name) {
    }

    @GetMapping
    @Operation(summary = "The MSP's settings (MSP admins)")
    MspSettings get(Viewer viewer) {
        return new MspSettings(msp.name().orElse(null));
    }

    @PutMapping
    @Operation(summary = "Sets the MSP's name, 1 to 200 characters (MSP admins); reports put it on their cover")
    MspSettings put(Viewer viewer, @RequestBody MspSettings settings) {
        return new MspSettings(msp.rename(viewer, settings.name()));
    }
}
