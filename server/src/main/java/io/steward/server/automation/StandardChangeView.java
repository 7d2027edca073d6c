package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.StandardChangeSpec;

/**
 * A standard change as pages and the API show it.
 *
 * @param state        AWAITING_APPROVAL, ACTIVE, REJECTED, REVOKED or EXPIRED (an ACTIVE or waiting one past its end
 *                     reads EXPIRED)
 * @param challenge    the statement's digest, base64url: the WebAuthn challenge requester and approver sign
 * @param statement    the statement itself, base64url: what a page hands to the signer's signing page
 * @param heldBySigner whether the signer itself holds this statement (what actually lets runs be signed); null
 *                     when the signer could not be asked
 * @param reason       why it was revoked, or the signer's refusal
 */
public record StandardChangeView(UUID id, UUID scriptId, UUID scriptVersionId, String scriptName, int versionNumber, String sha256,
                                 UUID scopeClientId, String scopeClientName, List<StandardChangeSpec.Allowed> allowed, int maxTimeoutSeconds,
                                 Instant notAfter, String state, String challenge, String statement, UUID requestedBy, String requestedByName, UUID approvedBy,
                                 String approvedByName, Instant createdAt, Instant decidedAt, String reason, Boolean heldBySigner) {
}
