package io.steward.signer.rules;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A passkey's public key from its COSE_Key (RFC 9053) and the JCA signature algorithm its assertions use: ES256
 * (EC2, P-256), EdDSA (OKP, Ed25519) or RS256 (RSA). Other algorithms and curves are refused, never guessed.
 */
public record CoseKey(PublicKey publicKey, String jcaAlgorithm) {
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** Reads a base64url COSE_Key; IllegalArgumentException with the reason when it is not one the signer accepts. */
    public static CoseKey parse(String coseBase64Url) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(coseBase64Url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key is not base64url", e);
        }
        if (!(Cbor.decode(bytes) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the public key is not a COSE_Key map");
        }
        Object kty = map.get(1L);
        Object alg = map.get(3L);
        try {
            if (Long.valueOf(2).equals(kty) && Long.valueOf(-7).equals(alg)) {
                return ec(map);
            }
            if (Long.valueOf(1).equals(kty) && Long.valueOf(-8).equals(alg)) {
                return ed25519(map);
            }
            if (Long.valueOf(3).equals(kty) && Long.valueOf(-257).equals(alg)) {
                return rsa(map);
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the COSE_Key is malformed: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported COSE key type " + kty + " / algorithm " + alg + " (ES256, EdDSA and RS256 are)");
    }

    private static CoseKey ec(Map<?, ?> map) throws GeneralSecurityException {
        if (!Long.valueOf(1).equals(map.get(-1L))) {
            throw new IllegalArgumentException("only the P-256 curve is accepted for ES256");
        }
        byte[] x = (byte[]) map.get(-2L);
        byte[] y = (byte[]) map.get(-3L);
        if (x == null || y == null || x.length != 32 || y.length != 32) {
            throw new IllegalArgumentException("an ES256 key has 32-byte x and y");
        }
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(Cbor.unsigned(x), Cbor.unsigned(y));
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        return new CoseKey(key, "SHA256withECDSA");
    }

    private static CoseKey ed25519(Map<?, ?> map) throws GeneralSecurityException {
        if (!Long.valueOf(6).equals(map.get(-1L))) {
            throw new IllegalArgumentException("only the Ed25519 curve is accepted for EdDSA");
        }
        byte[] x = (byte[]) map.get(-2L);
        if (x == null || x.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key has a 32-byte x");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return new CoseKey(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)), "Ed25519");
    }

    private static CoseKey rsa(Map<?, ?> map) throws GeneralSecurityException {
        byte[] n = (byte[]) map.get(-1L);
        byte[] e = (byte[]) map.get(-2L);
        if (n == null || e == null || n.length < 256) {
            throw new IllegalArgumentException("an RS256 key needs n (at least 2048 bits) and e");
        }
        return new CoseKey(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(Cbor.unsigned(n), Cbor.unsigned(e))),
                "SHA256withRSA");
    }
}
