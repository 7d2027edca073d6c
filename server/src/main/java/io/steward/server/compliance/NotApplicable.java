package io.steward.server.compliance;

import java.time.Instant;

import io.steward.server.shared.ClientId;

/** A person's decision that a control does not apply to a client, with the reason. */
public record NotApplicable(ClientId clientId, String framework, String controlId, String reason, String decidedBy, Instant decidedAt) {
}
