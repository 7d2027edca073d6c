package io.steward.server.identity;

import io.steward.server.shared.Viewer;

/**
 * Registering a passkey for a person from inside the server, through the same two steps (a one-use challenge, then the
 * authenticator's answer to it) the account page's script takes. For demo mode, whose approvers are software keys with
 * no person at a browser; every check of a browser's registration applies unchanged.
 */
public interface PasskeyRegistration {

    /** A registration begun for a person: the challenge to answer, and their WebAuthn user handle. */
    record Started(byte[] challenge, byte[] userHandle, String rpId) {
    }

    /** Starts a registration for the viewer (a fresh challenge, one use, short-lived). */
    Started start(Viewer viewer);

    /** Finishes it with the authenticator's answer (base64url clientDataJSON and attestationObject). */
    PasskeyDirectory.Passkey finish(Viewer viewer, String label, String clientDataJson, String attestationObject);
}
