package io.steward.signer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The passkeys the signer trusts, in the order they were added. Immutable: changes make a new keyring. */
public record Keyring(List<TrustedPasskey> passkeys) {

    public Keyring {
        passkeys = List.copyOf(passkeys);
    }

    public static Keyring empty() {
        return new Keyring(List.of());
    }

    public Optional<TrustedPasskey> byCredential(String credentialId) {
        return passkeys.stream().filter(p -> p.credentialId().equals(credentialId)).findFirst();
    }

    public Keyring plus(TrustedPasskey passkey) {
        if (byCredential(passkey.credentialId()).isPresent()) {
            throw new IllegalArgumentException("the passkey is already in the keyring");
        }
        List<TrustedPasskey> next = new ArrayList<>(passkeys);
        next.add(passkey);
        return new Keyring(next);
    }

    /** The keyring with the sign counts a successful signing saw. */
    public Keyring withSignCounts(Map<String, Long> counts) {
        return new Keyring(passkeys.stream().map(p -> counts.containsKey(p.credentialId()) ? p.withSignCount(counts.get(p.credentialId())) : p)
                .toList());
    }
}
