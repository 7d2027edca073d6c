package io.steward.signer.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The task-signing key in a PKCS#12 file protected by the host's passphrase. The current key is the entry
 * {@code task-key}; a rotation keeps the old one as {@code retired-<epoch second>}, so what it signed can still be
 * checked on the host. A key entry needs a certificate: it is self-signed and carries no trust of its own (agents
 * pin the public key, not the certificate).
 */
public final class TaskKeyStore {
    public static final String CURRENT = "task-key";

    private TaskKeyStore() {
    }

    public static KeyPair create(Path file, char[] passphrase, Instant now) {
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists: the signer is initialised already");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            KeyPair pair = newPair();
            ks.setKeyEntry(CURRENT, pair.getPrivate(), passphrase, new Certificate[]{certificate(pair, now)});
            save(ks, file, passphrase);
            return pair;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the key store: " + e.getMessage(), e);
        }
    }

    /** The current key pair; IllegalStateException for a wrong passphrase or a damaged file. */
    public static KeyPair load(Path file, char[] passphrase) {
        try {
            KeyStore ks = open(file, passphrase);
            return new KeyPair(ks.getCertificate(CURRENT).getPublicKey(), (PrivateKey) ks.getKey(CURRENT, passphrase));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot open the key store (wrong passphrase?): " + e.getMessage(), e);
        }
    }

    /** Replaces the current key with a new one, keeping the old under a retired alias; returns {old, new}. */
    public static KeyPair[] rotate(Path file, char[] passphrase, Instant now) {
        try {
            KeyStore ks = open(file, passphrase);
            KeyPair old = new KeyPair(ks.getCertificate(CURRENT).getPublicKey(), (PrivateKey) ks.getKey(CURRENT, passphrase));
            ks.setKeyEntry("retired-" + now.getEpochSecond(), old.getPrivate(), passphrase, ks.getCertificateChain(CURRENT));
            KeyPair next = newPair();
            ks.setKeyEntry(CURRENT, next.getPrivate(), passphrase, new Certificate[]{certificate(next, now)});
            save(ks, file, passphrase);
            return new KeyPair[]{old, next};
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot rotate the key: " + e.getMessage(), e);
        }
    }

    private static KeyStore open(Path file, char[] passphrase) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, passphrase);
        }
        return ks;
    }

    private static void save(KeyStore ks, Path file, char[] passphrase) throws GeneralSecurityException, IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        JsonFiles.createPrivate(tmp);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, passphrase);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static KeyPair newPair() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair pair, Instant now) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=Steward task signer");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
                Date.from(now.plus(Duration.ofDays(36_500))), name, pair.getPublic());
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
