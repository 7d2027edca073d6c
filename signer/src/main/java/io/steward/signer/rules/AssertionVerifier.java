package io.steward.signer.rules;

import io.steward.protocol.task.AllowedOrigins;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.signer.Refusal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether one WebAuthn assertion (Level 2, section 7.2) is a signature by a given passkey over a given
 * statement digest, for this relying party: clientDataJSON of type {@code webauthn.get} whose challenge is the
 * digest and whose origin is allowed, authenticator data for the rp id with user presence and user verification,
 * a sign count not used before by this passkey, and the signature over authenticatorData || SHA-256(clientDataJSON)
 * by the passkey's key. Written out rather than taken from a library so that the process holding the task key
 * carries as little code as possible; every branch is unit-tested with real assertions.
 */
public final class AssertionVerifier {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private final byte[] rpIdHash;
    private final AllowedOrigins origins;

    public AssertionVerifier(String rpId, List<String> origins) {
        this.rpIdHash = CanonicalText.sha256(rpId.getBytes(StandardCharsets.UTF_8));
        this.origins = new AllowedOrigins(origins);
    }

    /**
     * The assertion's sign count when it is valid; {@link Refusal} with the reason otherwise.
     *
     * @param usedSignCounts the non-zero counts of this passkey's assertions accepted before
     */
    public long verify(PasskeyAssertion assertion, CoseKey key, byte[] challenge, java.util.Collection<Long> usedSignCounts) {
        if (assertion == null || assertion.authenticatorData() == null || assertion.clientDataJson() == null
                || assertion.signature() == null) {
            throw new Refusal("the assertion is incomplete");
        }
        byte[] authData;
        byte[] clientData;
        byte[] signature;
        try {
            authData = B64URL.decode(assertion.authenticatorData());
            clientData = B64URL.decode(assertion.clientDataJson());
            signature = B64URL.decode(assertion.signature());
        } catch (IllegalArgumentException e) {
            throw new Refusal("the assertion is not base64url");
        }
        checkClientData(clientData, challenge);
        long count = checkAuthenticatorData(authData, usedSignCounts);
        try {
            Signature s = Signature.getInstance(key.jcaAlgorithm());
            s.initVerify(key.publicKey());
            s.update(authData);
            s.update(CanonicalText.sha256(clientData));
            if (!s.verify(signature)) {
                throw new Refusal("the assertion's signature is not the passkey's");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refusal("the assertion's signature is not the passkey's");
        }
        return count;
    }

    private void checkClientData(byte[] clientData, byte[] challenge) {
        JsonNode node;
        try {
            node = JSON.readTree(clientData);
        } catch (RuntimeException e) {
            throw new Refusal("the assertion's client data is not JSON");
        }
        if (!"webauthn.get".equals(text(node, "type"))) {
            throw new Refusal("the assertion's client data is not of type webauthn.get");
        }
        byte[] signedChallenge;
        try {
            signedChallenge = B64URL.decode(String.valueOf(text(node, "challenge")));
        } catch (IllegalArgumentException e) {
            throw new Refusal("the assertion's challenge is not base64url");
        }
        if (!MessageDigest.isEqual(signedChallenge, challenge)) {
            throw new Refusal("the assertion's challenge is not this statement's digest");
        }
        String origin = text(node, "origin");
        if (!origins.allows(origin)) {
            throw new Refusal("the assertion's origin " + origin + " is not allowed");
        }
        JsonNode cross = node.get("crossOrigin");
        if (cross != null && cross.isBoolean() && cross.booleanValue()) {
            throw new Refusal("cross-origin assertions are not accepted");
        }
    }

    /*
     * Sign counts: people sign a task when they request or approve it, and the server forwards both assertions only
     * at approval, so assertions of one passkey reach the signer out of order (task B approved before task A). A
     * strict "greater than the last" rule would refuse such honest work; what a cloned authenticator or a replay
     * shows is a count used twice, which is refused. (Replaying an assertion gains nothing anyway: its challenge binds
     * it to one statement, and a statement already signed is answered with the orders already made.)
     */
    private long checkAuthenticatorData(byte[] authData, java.util.Collection<Long> usedSignCounts) {
        if (authData.length < 37) {
            throw new Refusal("the assertion's authenticator data is too short");
        }
        byte[] hash = new byte[32];
        System.arraycopy(authData, 0, hash, 0, 32);
        if (!MessageDigest.isEqual(hash, rpIdHash)) {
            throw new Refusal("the assertion is for another relying party");
        }
        int flags = authData[32] & 0xff;
        if ((flags & 0x01) == 0) {
            throw new Refusal("the assertion does not show user presence");
        }
        if ((flags & 0x04) == 0) {
            throw new Refusal("the assertion does not show user verification");
        }
        long count = Integer.toUnsignedLong(ByteBuffer.wrap(authData, 33, 4).getInt());
        if (count != 0 && usedSignCounts.contains(count)) {
            throw new Refusal("the passkey's sign count " + count + " was used before: a cloned authenticator or a replay");
        }
        return count;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
