package io.steward.signer.rules;

import java.time.Instant;
import java.util.UUID;

/**
 * A passkey in the signer's keyring: whose it is, whether that person may approve, who added it (a person's id, or
 * {@code host} for the signer's own command line), and the highest sign count it has reported.
 */
public record TrustedPasskey(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver, String addedBy,
                             Instant addedAt, long signCount) {

    public TrustedPasskey withSignCount(long count) {
        return new TrustedPasskey(personId, displayName, credentialId, publicKeyCose, approver, addedBy, addedAt, count);
    }
}
