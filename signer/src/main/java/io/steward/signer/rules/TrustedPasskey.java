package io.steward.signer.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A passkey in the signer's keyring: whose it is, whether that person may approve, who added it (a person's id, or
 * {@code host} for the signer's own command line), and the latest non-zero sign counts its accepted assertions
 * carried (at most {@link #KEPT_COUNTS}).
 */
public record TrustedPasskey(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver, String addedBy,
                             Instant addedAt, List<Long> usedSignCounts) {
    public static final int KEPT_COUNTS = 512;

    public TrustedPasskey {
        usedSignCounts = usedSignCounts == null ? List.of() : List.copyOf(usedSignCounts);
    }

    public TrustedPasskey withSignCount(long count) {
        if (count == 0) {
            return this;
        }
        List<Long> next = new ArrayList<>(usedSignCounts);
        next.add(count);
        return new TrustedPasskey(personId, displayName, credentialId, publicKeyCose, approver, addedBy, addedAt,
                next.subList(Math.max(0, next.size() - KEPT_COUNTS), next.size()));
    }
}
