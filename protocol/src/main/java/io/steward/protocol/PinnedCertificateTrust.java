package io.steward.protocol;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate: the one whose DER encoding has the SHA-256 pinned at
 * enrollment, and nothing else (no CA, no other certificate). It extends
 * {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain X509TrustManager and adds
 * CA-style hostname checks, which a pinned self-signed server certificate would fail; the pin
 * is the stronger check.
 */
public final class PinnedCertificateTrust extends X509ExtendedTrustManager {
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

    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (!MessageDigest.isEqual(pin, sha256(chain[0].getEncoded()))) {
            throw new CertificateException("the server certificate " + fingerprint(chain[0])
                    + " is not the pinned one " + HexFormat.of().formatHex(pin));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("agents never accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
