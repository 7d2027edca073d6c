package io.steward.server.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.shared.UserId;

/**
 * The passkeys people registered on their account page, as other modules need them: to offer a person's own
 * passkeys in a signing ceremony, to check an assertion early (so a wrong passkey or a stale challenge gets a
 * clear message before anything is forwarded), and to show which passkeys the signer could be asked to trust.
 * The server's check is a convenience only: the signer verifies every assertion again against its own keyring.
 */
public interface PasskeyDirectory {

    /** A registered passkey. */
    record Passkey(UserId userId, String credentialId, String publicKeyCose, String label, Instant createdAt, Instant lastUsedAt) {
    }

    /** The user's passkeys, newest first. */
    List<Passkey> passkeysOf(UserId user);

    /** The passkey with this credential id (base64url), whoever owns it. */
    Optional<Passkey> passkey(String credentialId);

    /**
     * Whether the assertion is a valid signature over {@code challenge} by one of {@code user}'s passkeys, for this
     * server's relying party and origins; the passkey's use is recorded. Throws
     * {@link io.steward.server.shared.InvalidInputException} with the reason (unknown passkey, another person's,
     * wrong challenge or origin, bad signature).
     */
    Passkey verify(UserId user, byte[] challenge, PasskeyAssertion assertion);

    /**
     * Like {@link #verify}, for a statement signed on the task signer's signing page: the assertion must come from
     * exactly {@code signingOrigin}, never from one of Steward's own origins (the signer accepts that origin only, so
     * an assertion made on a Steward page is refused here first, with a clear message).
     */
    Passkey verifyStatementSignature(UserId user, byte[] statementDigest, PasskeyAssertion assertion, String signingOrigin);

}
