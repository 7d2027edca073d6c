package io.steward.bench.agents;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the simulator trusts the server's HTTPS certificate: pinned by SHA-256 like the real agent
 * (see the agent's PinnedCertificateTrust; copied rather than depending on the agent module and
 * its OSHI), or, with {@code --insecure}, any certificate, for a loopback server whose
 * self-signed certificate the operator did not look up.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private final byte[] pin;

    private ServerTrust(byte[] pin) {
        this.pin = pin;
    }

    static ServerTrust pinned(String sha256Hex) {
        String clean = sha256Hex.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!clean.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a fingerprint is 64 hex digits (SHA-256), got: " + sha256Hex);
        }
        return new ServerTrust(HexFormat.of().parseHex(clean));
    }

    static ServerTrust anyCertificate() {
        return new ServerTrust(null);
    }

    SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (pin == null) {
            return;
        }
        try {
            byte[] actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            if (!MessageDigest.isEqual(pin, actual)) {
                throw new CertificateException("the server certificate " + HexFormat.of().formatHex(actual)
                        + " is not the pinned one " + HexFormat.of().formatHex(pin));
            }
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
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
        throw new CertificateException("the simulator accepts no client connections");
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
}
