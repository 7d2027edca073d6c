package io.steward.server.platform;

/**
 * The certificate the server presents on its HTTPS port, which agents pin at enrollment.
 *
 * @param fingerprint SHA-256 of the certificate's DER encoding, lower-case hex
 */
public interface TlsIdentity {
    String fingerprint();

    /** The HTTPS port actually listened on, once the server has started; -1 before. */
    int port();
}
