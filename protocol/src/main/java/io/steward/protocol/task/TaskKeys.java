package io.steward.protocol.task;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signatures by the task-signing key, which only the signer holds. Keys travel as X.509
 * SubjectPublicKeyInfo, base64 (as {@link io.steward.protocol.DeviceKeys#encodePublic}); people compare the
 * {@link #fingerprint}.
 */
public final class TaskKeys {
    private TaskKeys() {
    }

    public static String sign(PrivateKey key, byte[] statement) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(statement);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** False for anything malformed, never an exception. */
    public static boolean verify(PublicKey key, byte[] statement, String signatureBase64) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(statement);
            return s.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** SHA-256 of the key's encoded form in colon-separated hex pairs, as printed beside the install command. */
    public static String fingerprint(PublicKey key) {
        return HexFormat.ofDelimiter(":").formatHex(CanonicalText.sha256(key.getEncoded()));
    }
}
