package io.steward.protocol.task;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A passkey the signer is asked to trust, as an already trusted approver endorses it with their own passkey
 * (the {@link #digest()} is their assertion's challenge). The signer's keyring changes only this way or from
 * its own command line; a passkey row in Steward's database alone is worth nothing to it.
 *
 * @param credentialId  the passkey's credential id, base64url
 * @param publicKeyCose the passkey's public key as a COSE_Key, base64url
 * @param approver      whether the person may approve others' tasks and endorse further passkeys (service
 *                      managers and admins), or only request tasks
 */
public record KeyringEntrySpec(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver,
                               UUID endorsedBy, Instant at) implements SignedStatement {
    public static final String KIND = "steward-keyring-entry-v1";

    public KeyringEntrySpec {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(publicKeyCose, "publicKeyCose");
        Objects.requireNonNull(endorsedBy, "endorsedBy");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public byte[] canonical() {
        return CanonicalText.begin(KIND)
                .add("person", personId.toString())
                .add("name", displayName)
                .add("credential", credentialId)
                .add("publicKey", publicKeyCose)
                .add("approver", Boolean.toString(approver))
                .add("endorsedBy", endorsedBy.toString())
                .add("at", at.getEpochSecond())
                .bytes();
    }
}
