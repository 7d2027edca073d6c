package io.steward.server.automation;

import java.util.UUID;

/**
 * The signer's host command line, reachable only when the signer runs on this host as the server's child process
 * (the demo, the tests, a single-host install). It is how the first approver is trusted at install and how the demo
 * trusts its software approvers: a host operation, the same as an operator typing {@code steward-signer trust add}
 * there; the server's channel to the signer cannot do it. With a signer on its own host ({@code
 * steward.automation.signer.url} set) the operator runs the command there and {@link #local()} is false.
 */
public interface SignerHost {

    /** Whether the signer is this server's child process, so its host command line is at hand. */
    boolean local();

    /**
     * Trusts a passkey in the signer's keyring without an endorsement, through the signer's own command line.
     *
     * @param publicKeyCose the passkey's COSE public key, base64url
     * @throws IllegalStateException when the signer is not local or the command failed
     */
    void trustOnHost(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver);
}
