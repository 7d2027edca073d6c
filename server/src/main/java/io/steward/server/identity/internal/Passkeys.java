package io.steward.server.identity.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.audit.AuditLog;
import io.steward.server.identity.IdentityProperties;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People's passkeys: registration (options, then the authenticator's answer), renaming, deletion, and the check of
 * an assertion other modules rely on ({@link PasskeyDirectory}). A person's WebAuthn user handle is the 16 bytes of
 * their user id: random, stable, and nothing personal.
 */
@Service
public class Passkeys implements PasskeyDirectory, io.steward.server.identity.PasskeyRegistration {
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "internal", "hybrid", "smart-card");

    private final PasskeyRepository repository;
    private final WebAuthnCeremonies ceremonies;
    private final AuditLog audit;
    private final Clock clock;
    private final IdentityProperties.Webauthn rp;

    public Passkeys(PasskeyRepository repository, WebAuthnCeremonies ceremonies, AuditLog audit, Clock clock, IdentityProperties properties) {
        this.repository = repository;
        this.ceremonies = ceremonies;
        this.audit = audit;
        this.clock = clock;
        this.rp = properties.webauthn();
    }

    /** What navigator.credentials.create needs (WebAuthn's PublicKeyCredentialCreationOptions, binary fields base64url). */
    public record RegistrationOptions(String challenge, RelyingParty rp, User user, List<Algorithm> pubKeyCredParams, long timeout,
                                      String attestation, Selection authenticatorSelection, List<Descriptor> excludeCredentials) {
        public record RelyingParty(String id, String name) {
        }

        public record User(String id, String name, String displayName) {
        }

        public record Algorithm(String type, long alg) {
        }

        public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
        }

        public record Descriptor(String type, String id) {
        }
    }

    /** The WebAuthn user handle of a user. */
    public static byte[] userHandle(UserId user) {
        return ByteBuffer.allocate(16).putLong(user.value().getMostSignificantBits()).putLong(user.value().getLeastSignificantBits()).array();
    }

    /** Starts a registration: a fresh challenge, kept for {@link #CHALLENGE_LIFETIME}, one use. */
    @Transactional
    public RegistrationOptions registrationOptions(Viewer viewer) {
        Instant now = clock.instant();
        String challenge = randomChallenge();
        repository.insertChallenge(viewer.userId(), challenge, now.plus(CHALLENGE_LIFETIME), now);
        List<RegistrationOptions.Descriptor> existing = repository.ofUser(viewer.userId()).stream()
                .map(p -> new RegistrationOptions.Descriptor("public-key", p.credentialId())).toList();
        return new RegistrationOptions(challenge, new RegistrationOptions.RelyingParty(rp.rpId(), rp.rpName()),
                new RegistrationOptions.User(B64URL.encodeToString(userHandle(viewer.userId())), viewer.email(), viewer.displayName()),
                WebAuthnCeremonies.ALGORITHMS.stream().map(a -> new RegistrationOptions.Algorithm("public-key", a)).toList(),
                CHALLENGE_LIFETIME.toMillis(), "none", new RegistrationOptions.Selection("required", true, "required"), existing);
    }

    /** Finishes a registration with the authenticator's answer to options this user was given. */
    @Transactional
    public Passkey register(Viewer viewer, String label, String clientDataJson, String attestationObject, List<String> transports) {
        String name = label(label);
        String challenge = ceremonies.challengeOf(clientDataJson);
        if (challenge == null || !repository.consumeChallenge(viewer.userId(), challenge, clock.instant())) {
            throw new InvalidInputException("clientDataJson", "This registration was not started here, was already used or expired: start again.");
        }
        Set<String> kept = new LinkedHashSet<>();
        if (transports != null) {
            transports.stream().filter(TRANSPORTS::contains).forEach(kept::add);
        }
        WebAuthnCeremonies.Registered registered = ceremonies.register(fromB64url(challenge), clientDataJson, attestationObject, kept);
        if (repository.find(registered.credentialId()).isPresent()) {
            throw new ConflictException("attestationObject", "This passkey is already registered.");
        }
        audit.record("passkey.registered", "user", viewer.userId().toString(), null,
                Map.of("credentialId", registered.credentialId(), "label", name));
        repository.insert(viewer.userId(), registered, name, String.join(",", kept), clock.instant());
        return repository.find(registered.credentialId()).orElseThrow().passkey();
    }

    @Override
    @Transactional
    public Started start(Viewer viewer) {
        RegistrationOptions o = registrationOptions(viewer);
        return new Started(fromB64url(o.challenge()), userHandle(viewer.userId()), o.rp().id());
    }

    @Override
    @Transactional
    public Passkey finish(Viewer viewer, String label, String clientDataJson, String attestationObject) {
        return register(viewer, label, clientDataJson, attestationObject, List.of("internal"));
    }

    @Transactional
    public Passkey rename(Viewer viewer, String credentialId, String label) {
        Passkey before = own(viewer, credentialId);
        String name = label(label);
        audit.record("passkey.renamed", "user", viewer.userId().toString(), null,
                Map.of("credentialId", credentialId, "from", before.label(), "to", name));
        repository.rename(viewer.userId(), credentialId, name);
        return own(viewer, credentialId);
    }

    @Transactional
    public Passkey delete(Viewer viewer, String credentialId) {
        Passkey passkey = own(viewer, credentialId);
        audit.record("passkey.deleted", "user", viewer.userId().toString(), null,
                Map.of("credentialId", credentialId, "label", passkey.label()));
        repository.delete(viewer.userId(), credentialId);
        return passkey;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Passkey> passkeysOf(UserId user) {
        return repository.ofUser(user);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Passkey> passkey(String credentialId) {
        if (credentialId == null || credentialId.length() > 1400) {
            return Optional.empty();
        }
        return repository.find(credentialId).map(PasskeyRepository.Row::passkey);
    }

    @Override
    @Transactional
    public Passkey verify(UserId user, byte[] challenge, PasskeyAssertion assertion) {
        return verify(user, challenge, assertion, WebAuthnCeremonies.OriginRule.STEWARD);
    }

    @Override
    @Transactional
    public Passkey verifyStatementSignature(UserId user, byte[] statementDigest, PasskeyAssertion assertion, String signingOrigin) {
        return verify(user, statementDigest, assertion, WebAuthnCeremonies.OriginRule.exactly(signingOrigin));
    }

    private Passkey verify(UserId user, byte[] challenge, PasskeyAssertion assertion, WebAuthnCeremonies.OriginRule origins) {
        if (user == null || challenge == null || challenge.length == 0) {
            throw new InvalidInputException("assertion", "Nothing to check the passkey against.");
        }
        if (assertion == null || assertion.credentialId() == null || assertion.credentialId().isBlank()) {
            throw new InvalidInputException("credentialId", "No passkey signature was sent.");
        }
        PasskeyRepository.Row row = TenantContext.callAsSystem(() -> repository.find(assertion.credentialId().strip()))
                .orElseThrow(() -> new InvalidInputException("credentialId", "This passkey is not registered with Steward."));
        if (!row.passkey().userId().equals(user)) {
            throw new InvalidInputException("credentialId", "This passkey belongs to another person.");
        }
        if (assertion.userHandle() != null && !assertion.userHandle().isBlank()
                && !Arrays.equals(WebAuthnCeremonies.decode("userHandle", assertion.userHandle()), userHandle(user))) {
            throw new InvalidInputException("userHandle", "The passkey answered for another person than its owner.");
        }
        long count = ceremonies.verify(challenge, assertion, row.publicKeyCose(), row.signCount(), origins);
        if (!repository.recordUse(row.passkey().credentialId(), row.signCount(), count, clock.instant())) {
            throw new InvalidInputException("signature", "This passkey was used at the same moment elsewhere: sign again.");
        }
        return repository.find(row.passkey().credentialId()).orElseThrow().passkey();
    }

    private Passkey own(Viewer viewer, String credentialId) {
        if (credentialId == null || credentialId.length() > 1400) {
            throw new NotFoundException("No such passkey.");
        }
        return repository.find(credentialId).map(PasskeyRepository.Row::passkey).filter(p -> p.userId().equals(viewer.userId()))
                .orElseThrow(() -> new NotFoundException("No such passkey."));
    }

    private static String label(String label) {
        String name = label == null ? "" : label.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("label", "Name the passkey (1 to 100 characters), such as the device it lives on.");
        }
        return name;
    }

    static String randomChallenge() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    private static byte[] fromB64url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
