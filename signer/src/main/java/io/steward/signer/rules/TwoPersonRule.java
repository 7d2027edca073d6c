package io.steward.signer.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.signer.Refusal;

/**
 * Decides whether a statement (a task, or a standard change) is approved by two people: valid passkey assertions
 * over its digest by the requester and by another person whom the signer's keyring marks as an approver. Passkeys
 * are counted by person, so two passkeys of one person are one person; the requester's own approval never counts,
 * whatever their flag. Every assertion must be valid and from the keyring: one forged among good ones refuses all.
 * The approver must not be the person who endorsed one of the requester's passkeys into the keyring: an approver who
 * endorsed a passkey they hold themselves (under a second account) would otherwise request as that account and
 * approve as themselves, one person acting as two.
 */
public final class TwoPersonRule {
    private final AssertionVerifier verifier;

    public TwoPersonRule(AssertionVerifier verifier) {
        this.verifier = verifier;
    }

    /** Who approved, and the sign counts seen (to keep); {@link Refusal} with the reason otherwise. */
    public record Approval(TrustedPasskey requester, TrustedPasskey approver, Map<String, Long> signCounts) {
    }

    public Approval decide(byte[] digest, UUID requestedBy, List<PasskeyAssertion> assertions, Keyring keyring) {
        if (assertions == null || assertions.isEmpty()) {
            throw new Refusal("unsigned: no passkey assertions");
        }
        Map<String, Long> counts = new HashMap<>();
        Map<UUID, List<TrustedPasskey>> byPerson = new LinkedHashMap<>();
        for (PasskeyAssertion a : assertions) {
            if (a == null || a.credentialId() == null) {
                throw new Refusal("an assertion names no passkey");
            }
            TrustedPasskey passkey = keyring.byCredential(a.credentialId())
                    .orElseThrow(() -> new Refusal("passkey " + a.credentialId() + " is not in the signer's keyring"));
            if (counts.containsKey(passkey.credentialId())) {
                throw new Refusal("the same passkey signed twice");
            }
            CoseKey key;
            try {
                key = CoseKey.parse(passkey.publicKeyCose());
            } catch (IllegalArgumentException e) {
                throw new Refusal("the keyring's key of " + passkey.displayName() + " is unusable: " + e.getMessage());
            }
            try {
                counts.put(passkey.credentialId(), verifier.verify(a, key, digest, passkey.usedSignCounts()));
            } catch (Refusal r) {
                throw new Refusal(passkey.displayName() + ": " + r.reason());
            }
            byPerson.computeIfAbsent(passkey.personId(), p -> new ArrayList<>()).add(passkey);
        }
        if (byPerson.size() < 2) {
            throw new Refusal(assertions.size() == 1
                    ? "only one passkey assertion: the requester and another person, an approver, must both sign"
                    : "one person's passkeys count as one: another person, an approver, must sign too");
        }
        List<TrustedPasskey> requester = byPerson.get(requestedBy);
        if (requester == null) {
            throw new Refusal("the requester has not signed: their own passkey assertion is required");
        }
        java.util.Set<String> endorsers = requester.stream().map(TrustedPasskey::addedBy).collect(java.util.stream.Collectors.toSet());
        List<TrustedPasskey> approvers = byPerson.entrySet().stream()
                .filter(e -> !e.getKey().equals(requestedBy))
                .flatMap(e -> e.getValue().stream())
                .filter(TrustedPasskey::approver)
                .toList();
        if (approvers.isEmpty()) {
            throw new Refusal("no approver signed: the requester's own approval never counts, and the other signer is not an"
                    + " approver in the signer's keyring");
        }
        TrustedPasskey approver = approvers.stream()
                .filter(a -> !endorsers.contains(a.personId().toString()))
                .findFirst()
                .orElseThrow(() -> new Refusal("the approver endorsed the requester's passkey into the keyring: another approver must approve"));
        return new Approval(requester.getFirst(), approver, counts);
    }
}
