package io.steward.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Trusts exactly one server certificate: the one whose DER encoding has the SHA-256 pinned at
 * enrollment, and nothing else (no CA, no other certificate, no hostname check: the pin is the
 * stronger check).
 */
public final class PinnedCertificateTrust extends ServerOnlyTrust {
    private final byte[] pin;

    /** @param sha256Hex SHA-256 of the certificate's DER, hex, colons allowed (as openssl prints it) */
    public PinnedCertificateTrust(String sha256Hex) {
        String clean = sha256Hex.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!clean.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a fingerprint is 64 hex digits (SHA-256), got: " + sha256Hex);
        }
        this.pin = HexFormat.of().parseHex(clean);
    }

    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
    }

    @Override
    protected void checkServer(X509Certificate[] chain) throws CertificateException {
        if (!MessageDigest.isEqual(pin, sha256(chain[0].getEncoded()))) {
            throw new CertificateException("the server certificate " + fingerprint(chain[0])
                    + " is not the pinned one " + HexFormat.of().formatHex(pin));
        }
    }

    private static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
