package io.steward.protocol.task;

import java.util.Base64;

/**
 * A statement people sign with their passkeys: a task, a standard change or a keyring entry. Its {@link #canonical()}
 * bytes are what the signer's signing page shows, and their SHA-256 is the WebAuthn challenge, so a signature
 * covers exactly the statement shown and nothing else.
 */
public interface SignedStatement {

    /** The statement's one byte form ({@link CanonicalText}). */
    byte[] canonical();

    /** SHA-256 of {@link #canonical()}: the WebAuthn challenge people sign. */
    default byte[] digest() {
        return CanonicalText.sha256(canonical());
    }

    /** The digest as WebAuthn puts the challenge in clientDataJSON: base64url without padding. */
    default String challenge() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest());
    }

    /** {@link #canonical()} in base64url without padding: how a page hands the statement to the signing page. */
    default String statement() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(canonical());
    }
}
