package io.steward.server.automation.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.automation.StandardChangeDraft;
import io.steward.server.automation.StandardChangeView;
import io.steward.server.automation.StandardChanges;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Standard (pre-approved) changes over JSON. Requesting is two calls: {@code prepare} returns the statement and its
 * challenge, the requester's authenticator signs the challenge (navigator.credentials.get), and the same fields go
 * back with the id and the assertion. Another service manager or admin approves with their own passkey.
 */
@RestController
@RequestMapping("/api/v1/standard-changes")
@Tag(name = "Standard changes", description = "Pre-approved script versions: allowed values, a scope and an expiry, signed by two "
        + "people's passkeys and held by the signer. A compromised server could run only such a script version, with those values, "
        + "inside that scope, within the signer's limits. Assertions are made on the task signer's signing page (its origin: "
        + "status.signingPage of GET /api/v1/automation/signer)")
class StandardChangeApi {
    private final StandardChanges changes;

    StandardChangeApi(StandardChanges changes) {
        this.changes = changes;
    }

    /**
     * A standard change to prepare or request.
     *
     * @param id        null to prepare; the prepared id to request
     * @param assertion the requester's passkey assertion over the prepared challenge (request only)
     */
    record Request(UUID scriptVersionId, UUID id, UUID scopeClientId, Instant notAfter, Integer maxTimeoutSeconds,
                   Map<String, List<String>> allowed, PasskeyAssertion assertion) {
        StandardChangeDraft draft() {
            return new StandardChangeDraft(id, scopeClientId, notAfter, maxTimeoutSeconds, allowed);
        }
    }

    /** The statement to sign: its id (send it back) and the challenge (base64url of its digest). */
    record Prepared(UUID id, String challenge, StandardChangeSpec statement) {
    }

    /** A passkey assertion over the change's challenge. */
    record Approval(PasskeyAssertion assertion) {
    }

    /** Why a change is revoked. */
    record Revocation(String reason) {
    }

    @GetMapping
    @Operation(summary = "Standard changes the caller sees, newest first (optionally of one script version); heldBySigner says whether "
            + "the signer itself holds each")
    List<StandardChangeView> listStandardChanges(Viewer viewer, @RequestParam(required = false) UUID scriptVersionId) {
        return changes.list(viewer, scriptVersionId);
    }

    @PostMapping("/prepare")
    @Operation(summary = "Check a standard change and return the statement to sign (MSP admins, service managers); nothing is stored")
    Prepared prepareStandardChange(Viewer viewer, @RequestBody Request request) {
        StandardChanges.Prepared p = changes.prepare(viewer, versionOf(request), request.draft());
        return new Prepared(p.spec().id(), p.challenge(), p.spec());
    }

    @PostMapping
    @Operation(summary = "Request a standard change with the requester's passkey assertion over the prepared challenge; it then waits "
            + "for another person's approval")
    ResponseEntity<StandardChangeView> requestStandardChange(Viewer viewer, @RequestBody Request request) {
        StandardChangeView v = changes.request(viewer, versionOf(request), request.draft(), request.assertion());
        return ResponseEntity.created(java.net.URI.create("/api/v1/standard-changes/" + v.id())).body(v);
    }

    @GetMapping("/{standardChangeId}")
    @Operation(summary = "One standard change")
    StandardChangeView getStandardChange(Viewer viewer, @PathVariable UUID standardChangeId) {
        return changes.get(viewer, standardChangeId);
    }

    @PostMapping("/{standardChangeId}/approve")
    @Operation(summary = "Approve with a passkey assertion over the change's challenge (another service manager or admin than the "
            + "requester); the server hands both assertions to the signer: ACTIVE when it adopted the change, otherwise still waiting with "
            + "the signer's reason")
    StandardChangeView approveStandardChange(Viewer viewer, @PathVariable UUID standardChangeId, @RequestBody Approval approval) {
        return changes.approve(viewer, standardChangeId, approval.assertion());
    }

    @PostMapping("/{standardChangeId}/revoke")
    @Operation(summary = "Revoke a waiting or active standard change on the server (the signer drops it with its own command)")
    StandardChangeView revokeStandardChange(Viewer viewer, @PathVariable UUID standardChangeId, @RequestBody(required = false) Revocation revocation) {
        return changes.revoke(viewer, standardChangeId, revocation == null ? null : revocation.reason());
    }

    private static UUID versionOf(Request request) {
        if (request.scriptVersionId() == null) {
            throw new InvalidInputException("scriptVersionId", "Choose the script version.");
        }
        return request.scriptVersionId();
    }
}
