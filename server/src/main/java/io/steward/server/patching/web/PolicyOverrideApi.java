package io.steward.server.patching.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.patching.PolicyOverride;
import io.steward.server.patching.PolicyOverrides;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Patch policies per site and device group over JSON. */
@RestController
@RequestMapping("/api/v1/patches/clients/{clientId}/policy/overrides")
@Tag(name = "Patches")
class PolicyOverrideApi {
    private final PolicyOverrides overrides;

    PolicyOverrideApi(PolicyOverrides overrides) {
        this.overrides = overrides;
    }

    @GetMapping
    @Operation(summary = "The client's site and device-group patch policies: each replaces the fields it sets for its devices (a group's over "
            + "a site's over the client's; between groups, the first by name); held packages add up")
    List<PolicyOverride> listPatchPolicyOverrides(Viewer viewer, @PathVariable ClientId clientId) {
        return overrides.list(viewer, clientId);
    }

    @PutMapping("/sites/{siteId}")
    @Operation(summary = "Set a site's patch policy; fields left out follow the client's. If-Match: the version read (\"0\" for none yet); "
            + "412 when it changed since, 400 with the field at fault")
    ResponseEntity<PolicyOverride> saveSitePatchPolicy(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID siteId, ExpectedVersion ifMatch,
                                                       @RequestBody PolicyOverride.Draft draft) {
        return saved(overrides.save(viewer, clientId, "SITE", siteId, draft, ifMatch.value()));
    }

    @PutMapping("/device-groups/{groupId}")
    @Operation(summary = "Set a device group's patch policy (it wins over its devices' sites'); fields left out follow the site's or the "
            + "client's. If-Match: the version read (\"0\" for none yet); 412 when it changed since, 400 with the field at fault")
    ResponseEntity<PolicyOverride> saveGroupPatchPolicy(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID groupId, ExpectedVersion ifMatch,
                                                        @RequestBody PolicyOverride.Draft draft) {
        return saved(overrides.save(viewer, clientId, "GROUP", groupId, draft, ifMatch.value()));
    }

    @DeleteMapping("/sites/{siteId}")
    @Operation(summary = "Remove a site's patch policy: its devices follow the client's again")
    ResponseEntity<Void> deleteSitePatchPolicy(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID siteId) {
        overrides.delete(viewer, clientId, "SITE", siteId);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/device-groups/{groupId}")
    @Operation(summary = "Remove a device group's patch policy: its devices follow their site's or the client's again")
    ResponseEntity<Void> deleteGroupPatchPolicy(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID groupId) {
        overrides.delete(viewer, clientId, "GROUP", groupId);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<PolicyOverride> saved(PolicyOverride o) {
        return ResponseEntity.ok().eTag("\"" + o.version() + "\"").body(o);
    }
}
