package io.steward.bench.agents;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;

import io.steward.protocol.ServerOnlyTrust;

/**
 * {@code --insecure}: trusts any server certificate, for a loopback server whose self-signed
 * certificate the operator did not look up. The pinned case uses the protocol's
 * {@link io.steward.protocol.PinnedCertificateTrust}, as the real agent does.
 */
final class ServerTrust extends ServerOnlyTrust {

    static SSLContext anyCertificate() {
        return new ServerTrust().sslContext();
    }

    @Override
    protected void checkServer(X509Certificate[] chain) {
        // Any certificate: the operator asked for it with --insecure.
    }
}
