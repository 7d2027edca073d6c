package io.steward.server.platform;

/**
 * Keeps the secrets Steward must store to act for the MSP (mailbox passwords, OAuth refresh tokens, webhook signing
 * secrets, secret script parameters) out of the database in the clear, and signs what Steward must later recognise as
 * its own (such as the ticket in an outgoing Message-ID).
 *
 * <p>Invariant: the key lives outside the database (a file under {@code $STEWARD_HOME/keys}, made at first start, or
 * {@code STEWARD_SECRET_KEY} so that several nodes share one), so a copy of the database alone yields no secret and
 * can forge no signature. Sealed values are authenticated: a value changed in the database fails to open instead of
 * decrypting to something else.
 */
public interface SecretBox {

    /** Encrypts {@code plain} (AES-256-GCM, fresh nonce) into printable text for a text column. */
    String seal(String plain);

    /**
     * Decrypts what {@link #seal} made.
     *
     * @throws IllegalStateException when the value was not sealed with this key or was changed
     */
    String open(String sealed);

    /**
     * HMAC-SHA256 of {@code data} under a key derived for {@code purpose}, so a MAC made for one purpose never
     * verifies for another. Compare with {@link java.security.MessageDigest#isEqual}.
     */
    byte[] mac(String purpose, byte[] data);
}
