package io.steward.server.identity.internal;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.jackson.deserializer.cbor.COSEKeyEnvelope;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.identity.IdentityProperties;
import io.steward.server.shared.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * The two WebAuthn ceremonies on webauthn4j: checking a registration (attestation "none" accepted: Steward trusts a
 * passkey because its owner registered it while signed in, not because of its maker) and checking an assertion
 * against a stored public key. User verification is always required, so a passkey is a second factor by itself.
 * <p>
 * Spring Security's {@code Webauthn4JRelyingPartyOperations} is not used because its assertion check takes the
 * public key and the signature counter from the registration's attestation object (so a counter going backwards
 * after the first use is not noticed), stamps the use with {@code Instant.now()}, and keeps its challenge in an
 * options object of its own; here the challenge is whatever the caller signs (a task digest) and the stored counter
 * and key are the ones checked.
 */
@Component
public class WebAuthnCeremonies {
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder B64URL_OUT = Base64.getUrlEncoder().withoutPadding();
    /** ES256, EdDSA and RS256: what platform authenticators and security keys make. */
    static final List<Long> ALGORITHMS = List.of(-7L, -8L, -257L);

    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final CollectedClientDataConverter clientDataConverter = new CollectedClientDataConverter(converter);
    private final IdentityProperties.Webauthn rp;

    public WebAuthnCeremonies(IdentityProperties properties) {
        this.rp = properties.webauthn();
    }

    /** A registration that passed: what is stored of the new passkey. */
    record Registered(String credentialId, byte[] publicKeyCose, long signCount, UUID aaguid, boolean backupEligible) {
    }

    /** The challenge a registration's or assertion's clientDataJSON carries, base64url; null when unreadable. */
    String challengeOf(String clientDataJson) {
        try {
            CollectedClientData data = clientDataConverter.convert(decode("clientDataJson", clientDataJson));
            return data == null || data.getChallenge() == null ? null : B64URL_OUT.encodeToString(data.getChallenge().getValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    Registered register(byte[] challenge, String clientDataJson, String attestationObject, Set<String> transports) {
        byte[] clientData = decode("clientDataJson", clientDataJson);
        byte[] attestation = decode("attestationObject", attestationObject);
        ServerProperty server = new ServerProperty(Set.of(origin(clientData, OriginRule.STEWARD)), rp.rpId(), new DefaultChallenge(challenge));
        List<PublicKeyCredentialParameters> algorithms = ALGORITHMS.stream()
                .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(a)))
                .toList();
        RegistrationData data;
        try {
            data = manager.verify(new RegistrationRequest(attestation, clientData, transports), new RegistrationParameters(server, algorithms, true, true));
        } catch (DataConversionException | IllegalArgumentException e) {
            throw new InvalidInputException("attestationObject", "The passkey's answer could not be read.");
        } catch (VerificationException e) {
            throw new InvalidInputException("attestationObject", reason(e));
        }
        AuthenticatorData<?> auth = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = auth.getAttestedCredentialData();
        if (credential == null) {
            throw new InvalidInputException("attestationObject", "The passkey's answer holds no credential.");
        }
        byte[] cose = converter.getCborConverter().writeValueAsBytes(credential.getCOSEKey());
        AAGUID aaguid = credential.getAaguid();
        return new Registered(B64URL_OUT.encodeToString(credential.getCredentialId()), cose, auth.getSignCount(),
                aaguid == null ? null : aaguid.getValue(), auth.isFlagBE());
    }

    /**
     * Checks that the assertion is a user-verified signature over {@code challenge} for our rp id and one of our
     * origins by the key {@code publicKeyCose}, with a counter that moved forward (unless the authenticator keeps
     * none); returns the assertion's counter.
     */
    long verify(byte[] challenge, PasskeyAssertion assertion, byte[] publicKeyCose, long storedSignCount, OriginRule origins) {
        byte[] credentialId = decode("credentialId", assertion.credentialId());
        byte[] authenticatorData = decode("authenticatorData", assertion.authenticatorData());
        byte[] clientData = decode("clientDataJson", assertion.clientDataJson());
        byte[] signature = decode("signature", assertion.signature());
        ServerProperty server = new ServerProperty(Set.of(origin(clientData, origins)), rp.rpId(), new DefaultChallenge(challenge));
        COSEKey key;
        try {
            key = converter.getCborConverter().readValue(publicKeyCose, COSEKeyEnvelope.class).getCOSEKey();
        } catch (RuntimeException e) {
            throw new InvalidInputException("credentialId", "The stored public key of this passkey cannot be read.");
        }
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), true, null, null, storedSignCount,
                new AttestedCredentialData(AAGUID.ZERO, credentialId, key), null, null, null, null);
        try {
            AuthenticationData data = manager.verify(new AuthenticationRequest(credentialId, null, authenticatorData, clientData, null, signature),
                    new AuthenticationParameters(server, record, List.of(credentialId), true, true));
            return data.getAuthenticatorData().getSignCount();
        } catch (DataConversionException | IllegalArgumentException e) {
            throw new InvalidInputException("authenticatorData", "The passkey's signature could not be read.");
        } catch (VerificationException e) {
            throw new InvalidInputException("signature", reason(e));
        }
    }

    /**
     * Which origins an assertion may come from: Steward's own (sign-in), or exactly the task signer's signing page
     * (statements people sign for the signer).
     */
    record OriginRule(String signingOrigin) {
        static final OriginRule STEWARD = new OriginRule(null);

        static OriginRule exactly(String signingOrigin) {
            if (signingOrigin == null || signingOrigin.isBlank()) {
                throw new InvalidInputException("clientDataJson", "The task signer's signing page is not known (is the signer running?): try again later.");
            }
            return new OriginRule(signingOrigin);
        }
    }

    /** The origin the browser wrote, if the rule allows it; webauthn4j then checks it is the one in the signed data. */
    private Origin origin(byte[] clientData, OriginRule rule) {
        CollectedClientData data;
        try {
            data = clientDataConverter.convert(clientData);
        } catch (RuntimeException e) {
            throw new InvalidInputException("clientDataJson", "The passkey's client data could not be read.");
        }
        String origin = data == null || data.getOrigin() == null ? null : data.getOrigin().toString();
        if (rule.signingOrigin() != null) {
            if (!rule.signingOrigin().equals(origin)) {
                throw new InvalidInputException("clientDataJson", "The passkey signed on " + (origin == null ? "no origin" : origin)
                        + ", not on the task signer's signing page (" + rule.signingOrigin() + "): sign there, where the signer shows what you sign.");
            }
            return new Origin(origin);
        }
        if (!rp.allows(origin)) {
            throw new InvalidInputException("clientDataJson", "The passkey was used from " + (origin == null ? "no origin" : origin)
                    + ", which is not one of this server's origins (steward.identity.webauthn.origins).");
        }
        return new Origin(origin);
    }

    private static String reason(VerificationException e) {
        if (e instanceof BadChallengeException) {
            return "The passkey signed another challenge than the one asked for (a stale page or a changed request): sign again.";
        }
        if (e instanceof BadOriginException) {
            return "The passkey was used from an origin this server does not accept.";
        }
        if (e instanceof BadRpIdException) {
            return "The passkey belongs to another site than this server's relying party (steward.identity.webauthn.rp-id).";
        }
        if (e instanceof BadSignatureException) {
            return "The passkey's signature does not verify with its registered public key.";
        }
        if (e instanceof UserNotVerifiedException) {
            return "The authenticator did not verify the person (PIN or biometrics); passkeys must.";
        }
        if (e instanceof UserNotPresentException) {
            return "The authenticator did not confirm a person was present.";
        }
        if (e instanceof MaliciousCounterValueException) {
            return "The passkey's signature counter went backwards: the authenticator may have been cloned.";
        }
        if (e instanceof InconsistentClientDataTypeException) {
            return "The passkey's answer is of the wrong kind (a registration where a signature was expected, or the reverse).";
        }
        return "The passkey's answer was refused: " + e.getMessage();
    }

    static byte[] decode(String field, String base64url) {
        if (base64url == null || base64url.isBlank() || base64url.length() > 16_384) {
            throw new InvalidInputException(field, "The passkey's " + field + " is missing.");
        }
        try {
            return B64URL.decode(base64url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "The passkey's " + field + " is not base64url.");
        }
    }
}
