package io.steward.protocol.task;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A passkey held in memory: an ES256 (P-256) WebAuthn authenticator in software, for tests and for the demo's
 * approvers, which have no person at a browser. It makes the same registration (attestation format "none") and
 * assertion bytes a browser's authenticator makes, so whatever verifies one verifies the other.
 * Never a way to approve anything in production: a software key lives where the server's code can read it.
 */
public final class SoftwarePasskey {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final byte[] credentialId;
    private final byte[] userHandle;
    private int signCount;

    private SoftwarePasskey(KeyPair keys, byte[] credentialId, byte[] userHandle) {
        this.keys = keys;
        this.credentialId = credentialId;
        this.userHandle = userHandle;
    }

    /** A new passkey for the user with this WebAuthn user handle. */
    public static SoftwarePasskey create(byte[] userHandle) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            return new SoftwarePasskey(g.generateKeyPair(), id, userHandle.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every Java runtime", e);
        }
    }

    /** Base64url credential id, as the browser reports it. */
    public String credentialId() {
        return B64URL.encodeToString(credentialId);
    }

    /** The public key as a COSE_Key (EC2, P-256, ES256), base64url. */
    public String publicKeyCose() {
        return B64URL.encodeToString(coseKey());
    }

    /** Signs an assertion whose challenge is {@code challenge}, as navigator.credentials.get would for this rp and origin. */
    public synchronized PasskeyAssertion assertion(byte[] challenge, String rpId, String origin) {
        signCount++;
        byte[] authData = ByteBuffer.allocate(37).put(CanonicalText.sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put((byte) 0x05) // user present + user verified
                .putInt(signCount).array();
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(authData);
            s.update(CanonicalText.sha256(clientData));
            return new PasskeyAssertion(credentialId(), B64URL.encodeToString(authData), B64URL.encodeToString(clientData),
                    B64URL.encodeToString(s.sign()), B64URL.encodeToString(userHandle));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What navigator.credentials.create returns for this passkey: clientDataJSON and attestationObject, base64url. */
    public Registration registration(byte[] challenge, String rpId, String origin) {
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(CanonicalText.sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(0x45); // user present + user verified + attested credential data
        authData.writeBytes(new byte[4]); // sign count 0
        authData.writeBytes(new byte[16]); // AAGUID: none
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length & 0xff);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        ByteArrayOutputStream att = new ByteArrayOutputStream();
        att.write(0xa3);
        text(att, "fmt");
        text(att, "none");
        text(att, "attStmt");
        att.write(0xa0);
        text(att, "authData");
        bytes(att, authData.toByteArray());
        return new Registration(credentialId(), B64URL.encodeToString(clientData("webauthn.create", challenge, origin)),
                B64URL.encodeToString(att.toByteArray()));
    }

    /** A registration response's parts, base64url. */
    public record Registration(String credentialId, String clientDataJson, String attestationObject) {
    }

    private static byte[] clientData(String type, byte[] challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + B64URL.encodeToString(challenge) + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xa5);
        out.write(0x01); // kty
        out.write(0x02); // EC2
        out.write(0x03); // alg
        out.write(0x26); // -7: ES256
        out.write(0x20); // crv (-1)
        out.write(0x01); // P-256
        out.write(0x21); // x (-2)
        bytes(out, unsigned32(pub.getW().getAffineX()));
        out.write(0x22); // y (-3)
        bytes(out, unsigned32(pub.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] unsigned32(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        header(out, 0x60, b.length);
        out.writeBytes(b);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        header(out, 0x40, b.length);
        out.writeBytes(b);
    }

    private static void header(ByteArrayOutputStream out, int major, int length) {
        if (length < 24) {
            out.write(major | length);
        } else if (length < 256) {
            out.write(major | 24);
            out.write(length);
        } else {
            out.write(major | 25);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }
}
