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
 * @param scriptBody the script version's body, which the signing page shows beside the hash it checks it against
 */
public record TaskProposal(UUID taskId, Instant preparedAt, TaskSpec spec, String challenge, String digest, int scriptVersionNumber,
                           String scriptBody, List<Shown> parameters, List<Target> devices) {

    /** The script's body as the signing form hands it to the signer's page: base64url of its UTF-8. */
    public String scriptForSigning() {
        return SigningPage.encoded(scriptBody);
    }

    /** A parameter as the page shows it: a secret's value is masked. */
    public record Shown(String name, String delivery, String value, boolean secret) {
    }

    /** One resolved device. */
    public record Target(UUID deviceId, String hostname, String os) {
    }
}
