package io.steward.server.automation;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.UserId;

/** TEST SCOPE ONLY, until PASSKEY is merged: passkeys registered in memory, assertions checked for real. */
class StandInPasskeys implements PasskeyDirectory {
    private final Map<String, Passkey> byCredential = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();

    void register(UserId user, String credentialId, String publicKeyCose) {
        byCredential.put(credentialId, new Passkey(user, credentialId, publicKeyCose, "test passkey", Instant.now(), null));
        keys.put(credentialId, StandInWebAuthn.coseToKey(publicKeyCose));
    }

    @Override
    public List<Passkey> passkeysOf(UserId user) {
        return byCredential.values().stream().filter(p -> p.userId().equals(user)).sorted(Comparator.comparing(Passkey::createdAt).reversed()).toList();
    }

    @Override
    public Optional<Passkey> passkey(String credentialId) {
        return Optional.ofNullable(byCredential.get(credentialId));
    }

    @Override
    public Passkey verify(UserId user, byte[] challenge, PasskeyAssertion assertion) {
        Passkey p = assertion == null || assertion.credentialId() == null ? null : byCredential.get(assertion.credentialId());
        if (p == null) {
            throw new InvalidInputException("assertion", "This passkey is not registered.");
        }
        if (!p.userId().equals(user)) {
            throw new InvalidInputException("assertion", "This passkey is another person's.");
        }
        String problem = StandInWebAuthn.problem(keys.get(p.credentialId()), challenge, assertion);
        if (problem != null) {
            throw new InvalidInputException("assertion", "The passkey signature is not valid: " + problem + ".");
        }
        return p;
    }
}
