package io.steward.protocol.task;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * The one way an agent accepts a new signer key: a statement naming the old and the new key, signed by the old one.
 * Agents apply rotations in order, each verified with the key pinned at the time.
 *
 * @param statement base64 of the canonical statement
 * @param signature base64 Ed25519 signature by the old key
 */
public record KeyRotation(String statement, String signature) {
    public static final String KIND = "steward-signer-rotation-v1";

    public static KeyRotation issue(PrivateKey oldPrivate, PublicKey oldPublic, PublicKey newPublic, Instant at) {
        byte[] bytes = CanonicalText.begin(KIND)
                .add("old", Base64.getEncoder().encodeToString(oldPublic.getEncoded()))
                .add("new", Base64.getEncoder().encodeToString(newPublic.getEncoded()))
                .add("at", at.getEpochSecond())
                .bytes();
        return new KeyRotation(Base64.getEncoder().encodeToString(bytes), TaskKeys.sign(oldPrivate, bytes));
    }

    /** The new key (base64 X.509) when this statement is signed by {@code pinned} and names it as the old key. */
    public String verify(PublicKey pinned) {
        byte[] bytes = Base64.getDecoder().decode(statement);
        if (!TaskKeys.verify(pinned, bytes, signature)) {
            throw new IllegalArgumentException("the rotation is not signed by the pinned key");
        }
        CanonicalText.Reader r = CanonicalText.read(bytes, KIND);
        String old = r.next("old");
        String next = r.next("new");
        r.nextLong("at");
        r.end();
        if (!old.equals(Base64.getEncoder().encodeToString(pinned.getEncoded()))) {
            throw new IllegalArgumentException("the rotation starts from another key");
        }
        return next;
    }
}
