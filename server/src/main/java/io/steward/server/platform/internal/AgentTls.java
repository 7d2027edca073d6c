package io.steward.server.platform.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import io.steward.server.platform.PlatformProperties;
import io.steward.server.platform.StartupProblem;
import io.steward.server.platform.TlsIdentity;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTPS for agents: a second connector on {@code steward.tls-port} with a certificate made at the
 * first start under {@code $STEWARD_HOME/tls} (an EC P-256 key, self-signed, ten years) and kept
 * from then on, so the fingerprint agents pinned stays valid. Browsers may use it too.
 */
@Configuration(proxyBeanMethods = false)
class AgentTls {
    private static final Logger log = LoggerFactory.getLogger(AgentTls.class);
    private static final String ALIAS = "steward";
    /** Requests one HTTPS connection may carry before the server closes it. */
    static final int MAX_REQUESTS_PER_CONNECTION = 10_000;

    @Bean
    Identity tlsIdentity(DatabaseConfiguration.StewardHome home, Clock clock) {
        return Identity.loadOrCreate(home.path().resolve("tls"), clock);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpsConnector(PlatformProperties properties, Identity identity) {
        return factory -> {
            PortCheck.requireFree(factory.getAddress(), properties.tlsPort(), "HTTPS for agents", "--steward.tls-port=N or STEWARD_TLS_PORT");
            Connector https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
            https.setPort(properties.tlsPort());
            https.setScheme("https");
            https.setSecure(true);
            https.setProperty("SSLEnabled", "true");
            // Tomcat closes a connection after 100 requests by default, so a busy agent connection paid a full TLS
            // handshake (key exchange and certificate signature on both sides) every 100 requests: ~3 % of the
            // request threads' CPU under shape A (BENCHMARKS.md). Agents authenticate every request, not the connection.
            https.setProperty("maxKeepAliveRequests", Integer.toString(MAX_REQUESTS_PER_CONNECTION));
            // Agents of protocol v2 each hold a WebSocket open for as long as they run.
            https.setProperty("maxConnections", Integer.toString(properties.maxConnections()));
            SSLHostConfig host = new SSLHostConfig();
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
            certificate.setCertificateKeystoreFile(identity.keystore().toString());
            certificate.setCertificateKeystorePassword(identity.password());
            certificate.setCertificateKeystoreType("PKCS12");
            certificate.setCertificateKeyAlias(ALIAS);
            host.addCertificate(certificate);
            https.addSslHostConfig(host);
            factory.addAdditionalConnectors(https);
            factory.addConnectorCustomizers(plain -> plain.setProperty("maxConnections", Integer.toString(properties.maxConnections())));
        };
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> httpsPortRecorder(Identity identity) {
        return event -> {
            if (event.getWebServer() instanceof TomcatWebServer tomcat) {
                for (Connector c : tomcat.getTomcat().getService().findConnectors()) {
                    if (c.getSecure()) {
                        identity.port = c.getLocalPort();
                        log.info("Agents connect over HTTPS on port {}; certificate fingerprint (SHA-256) {}", identity.port, identity.fingerprint());
                    }
                }
            }
        };
    }

    /** The keystore, its password and the certificate's fingerprint. */
    static final class Identity implements TlsIdentity {
        private final Path keystore;
        private final String password;
        private final String fingerprint;
        private volatile int port = -1;

        private Identity(Path keystore, String password, String fingerprint) {
            this.keystore = keystore;
            this.password = password;
            this.fingerprint = fingerprint;
        }

        static Identity loadOrCreate(Path dir, Clock clock) {
            Path store = dir.resolve("steward.p12");
            Path secret = dir.resolve("keystore-password");
            try {
                if (!Files.exists(store)) {
                    Files.createDirectories(dir);
                    byte[] bytes = new byte[24];
                    new SecureRandom().nextBytes(bytes);
                    String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    writePrivate(secret, pw.getBytes(StandardCharsets.UTF_8));
                    KeyStore ks = generate(pw.toCharArray(), clock);
                    try (OutputStream out = Files.newOutputStream(store)) {
                        ks.store(out, pw.toCharArray());
                    }
                    setPrivate(store);
                }
                String pw = Files.readString(secret).strip();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, pw.toCharArray());
                }
                Certificate cert = ks.getCertificate(ALIAS);
                String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
                return new Identity(store, pw, fp);
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new StartupProblem("The HTTPS certificate in " + dir + " could not be made or read: " + e.getMessage(), e);
            }
        }

        private static KeyStore generate(char[] password, Clock clock) throws GeneralSecurityException, IOException, OperatorCreationException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Steward");
            var now = clock.instant();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, hostname())}));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
            return ks;
        }

        private static String hostname() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }

        private static void writePrivate(Path file, byte[] content) throws IOException {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, content);
        }

        private static void setPrivate(Path file) throws IOException {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
        }

        Path keystore() {
            return keystore;
        }

        String password() {
            return password;
        }

        @Override
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public int port() {
            return port;
        }
    }
}
