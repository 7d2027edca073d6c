package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.TaskSpec;

/**
 * What a requester is about to sign, exactly: the resolved TaskSpec and its digest (the passkey challenge), with the
 * devices named and secret values masked. {@code taskId} and {@code preparedAt} must come back with the signed request,
 * so that the server rebuilds the same statement.
 *
 * @param challenge the digest, base64url: the WebAuthn challenge
 * @param digest    the digest, hex
 */
public record TaskProposal(UUID taskId, Instant preparedAt, TaskSpec spec, String challenge, String digest, int scriptVersionNumber,
                           List<Shown> parameters, List<Target> devices) {

    /** A parameter as the page shows it: a secret's value is masked. */
    public record Shown(String name, String delivery, String value, boolean secret) {
    }

    /** One resolved device. */
    public record Target(UUID deviceId, String hostname, String os) {
    }
}
