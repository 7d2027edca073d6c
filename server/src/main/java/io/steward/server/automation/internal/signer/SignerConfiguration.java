package io.steward.server.automation.internal.signer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.steward.server.automation.AutomationProperties;
import io.steward.server.automation.SignerHost;
import io.steward.server.platform.PlatformProperties;

/**
 * Wires the server to its task signer: a child process under {@code STEWARD_HOME} when no URL is set, or the
 * signer at {@code steward.automation.signer.url} with the token from {@code token-file}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AutomationProperties.class)
class SignerConfiguration {

    @Bean
    SignerHost signerHost(AutomationProperties properties, PlatformProperties platform, io.steward.server.identity.IdentityProperties identity) {
        AutomationProperties.Signer s = properties.signer();
        if (!s.child()) {
            return new RemoteSignerHost(s.url());
        }
        Path home = Path.of(s.home());
        if (!home.isAbsolute()) {
            home = platform.home().resolve(home);
        }
        return new ChildSigner(home.toAbsolutePath().normalize(), Path.of(s.jar()).toAbsolutePath().normalize(), s,
                identity.webauthn());
    }

    @Bean
    SignerGateway signerGateway(AutomationProperties properties, SignerHost host) {
        if (host instanceof ChildSigner child) {
            return new SignerClient(child::endpoint);
        }
        AutomationProperties.Signer s = properties.signer();
        if (s.tokenFile().isBlank()) {
            throw new IllegalStateException("steward.automation.signer.url is set, so steward.automation.signer.token-file must name the channel token");
        }
        return new SignerClient(() -> new SignerEndpoint(s.url().replaceAll("/+$", ""), readToken(Path.of(s.tokenFile()))));
    }

    /** Also the origin forms may post to (identity's CSP). */
    @Bean
    SigningPageAddress signingPage(SignerGateway signer, SignerHost host) {
        return new SigningPageAddress(signer, host instanceof ChildSigner child ? child::current : () -> null);
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new SignerGateway.Unavailable("cannot read the signer's channel token from " + file, e);
        }
    }

    /** A signer on its own host: its command line is there, not here. */
    record RemoteSignerHost(String url) implements SignerHost {
        @Override
        public boolean local() {
            return false;
        }

        @Override
        public void trustOnHost(java.util.UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver) {
            throw new IllegalStateException("The signer runs at " + url + ": trust passkeys on its host with steward-signer trust add");
        }
    }
}
