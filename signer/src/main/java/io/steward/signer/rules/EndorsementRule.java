package io.steward.signer.rules;

import java.time.Instant;
import java.util.List;

import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.signer.Refusal;

/**
 * Decides whether a passkey may join the keyring through the channel: the endorsement must be a valid assertion
 * over the entry's digest by a passkey already in the keyring, of a person marked approver, who is the entry's
 * {@code endorsedBy} and not the person added; the entry adds a requester, never an approver; the new key must be one the signer can verify and not already trusted. (The host's command
 * line is the only other way in.)
 */
public final class EndorsementRule {
    private final AssertionVerifier verifier;

    public EndorsementRule(AssertionVerifier verifier) {
        this.verifier = verifier;
    }

    /** The keyring with the new passkey (and the endorser's new sign count); {@link Refusal} otherwise. */
    public Keyring admit(KeyringEntrySpec entry, PasskeyAssertion endorsement, Keyring keyring, Instant now) {
        if (endorsement == null || endorsement.credentialId() == null) {
            throw new Refusal("unsigned: the keyring change carries no endorsement");
        }
        TrustedPasskey endorser = keyring.byCredential(endorsement.credentialId())
                .orElseThrow(() -> new Refusal("the endorsing passkey is not in the signer's keyring"));
        if (!endorser.approver()) {
            throw new Refusal(endorser.displayName() + " is not an approver in the signer's keyring and cannot endorse passkeys");
        }
        if (!endorser.personId().equals(entry.endorsedBy())) {
            throw new Refusal("the entry names another endorser than the one who signed it");
        }
        // An approver who could endorse a second approver identity would hold two approvers' passkeys and defeat the
        // two-person rule alone: approvers join only from the host's command line (trust add --approver).
        if (entry.approver()) {
            throw new Refusal("an endorsement may only add a requester: approvers are trusted only on the signer's host (trust add --approver)");
        }
        if (entry.personId().equals(endorser.personId())) {
            throw new Refusal("an approver cannot endorse a passkey of their own: another approver must endorse it");
        }
        long count = verifier.verify(endorsement, CoseKey.parse(endorser.publicKeyCose()), entry.digest(), endorser.usedSignCounts());
        if (keyring.byCredential(entry.credentialId()).isPresent()) {
            throw new Refusal("the passkey is already in the signer's keyring");
        }
        try {
            CoseKey.parse(entry.publicKeyCose());
        } catch (IllegalArgumentException e) {
            throw new Refusal("the passkey's public key is not usable: " + e.getMessage());
        }
        return keyring.withSignCounts(java.util.Map.of(endorser.credentialId(), count))
                .plus(new TrustedPasskey(entry.personId(), entry.displayName(), entry.credentialId(), entry.publicKeyCose(), entry.approver(),
                        endorser.personId().toString(), now, List.of()));
    }
}
