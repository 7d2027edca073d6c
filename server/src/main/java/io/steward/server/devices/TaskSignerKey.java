package io.steward.server.devices;

import java.util.Optional;

/**
 * The task signer's public key as enrollment hands it to agents, which pin it (and as the install page prints its
 * fingerprint). Implemented by the automation module, which reaches the signer; devices only asks, so it does not
 * depend on automation. Optional: without an implementation agents enroll with no signer key and accept no task.
 */
public interface TaskSignerKey {

    /** The signer's Ed25519 public key, base64 X.509; empty when the signer is not known right now. */
    Optional<String> publicKey();
}
