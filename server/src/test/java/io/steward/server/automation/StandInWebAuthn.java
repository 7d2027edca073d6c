package io.steward.server.automation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import io.steward.protocol.task.PasskeyAssertion;

/**
 * TEST SCOPE ONLY, until PASSKEY's and SIGNER's work is merged: the ES256 WebAuthn assertion check the stand-in
 * passkey directory and the stand-in signer make (rp id {@code localhost}, challenge, type, flags, signature). A real
 * check, not a pass-through: a wrong challenge, rp or key is refused.
 */
final class StandInWebAuthn {
    static final String RP_ID = "localhost";

    private StandInWebAuthn() {
    }

    /** The P-256 key of a COSE_Key as SoftwarePasskey writes it (a5 01 02 03 26 20 01 21 58 20 x 22 58 20 y). */
    static PublicKey coseToKey(String coseBase64Url) {
        byte[] cose = Base64.getUrlDecoder().decode(coseBase64Url);
        try {
            byte[] x = Arrays.copyOfRange(cose, 10, 42);
            byte[] y = Arrays.copyOfRange(cose, 45, 77);
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an ES256 COSE key", e);
        }
    }

    /** Null when the assertion is a valid signature over {@code challenge} by {@code key}; else the reason. */
    static String problem(PublicKey key, byte[] challenge, PasskeyAssertion a) {
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            byte[] authData = d.decode(a.authenticatorData());
            byte[] clientData = d.decode(a.clientDataJson());
            String json = new String(clientData, StandardCharsets.UTF_8);
            String expected = "\"challenge\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge) + "\"";
            if (!json.contains("\"type\":\"webauthn.get\"")) {
                return "not an assertion";
            }
            if (!json.contains(expected)) {
                return "the assertion is over another challenge";
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (authData.length < 37 || !Arrays.equals(Arrays.copyOf(authData, 32), sha.digest(RP_ID.getBytes(StandardCharsets.UTF_8)))) {
                return "the assertion is for another relying party";
            }
            if ((authData[32] & 0x05) != 0x05) {
                return "the user was not present and verified";
            }
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(authData);
            s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            return s.verify(d.decode(a.signature())) ? null : "the signature does not verify";
        } catch (Exception e) {
            return "malformed assertion: " + e.getMessage();
        }
    }
}
