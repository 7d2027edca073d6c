package io.steward.server.devices.internal;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 verification of an agent request (RFC 8032, as {@link io.steward.protocol.DeviceKeys#verify}
 * decides it) with Bouncy Castle's field arithmetic: every agent request pays for one verification,
 * and the JDK's generic implementation costs several times as much CPU (measured in BENCHMARKS.md).
 */
final class SignatureCheck {
    /** An X.509 SubjectPublicKeyInfo of an Ed25519 key is this fixed prefix (OID 1.3.101.112) and the 32-byte key. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int SPKI_LENGTH = 44;

    private SignatureCheck() {
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature over {@code canonicalRequest}; false for anything malformed. */
    static boolean verify(PublicKey key, String canonicalRequest, String signatureBase64) {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != SPKI_LENGTH || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        byte[] raw = Arrays.copyOfRange(spki, SPKI_LENGTH - Ed25519.PUBLIC_KEY_SIZE, SPKI_LENGTH);
        byte[] message = canonicalRequest.getBytes(StandardCharsets.UTF_8);
        return Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
    }
}
