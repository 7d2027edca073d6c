package io.steward.signer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.signer.Refusal;

class AssertionVerifierTest {
    static final String RP = "rmm.example.net";
    static final String ORIGIN = "https://rmm.example.net";
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    final AssertionVerifier verifier = new AssertionVerifier(RP, List.of(ORIGIN));
    final byte[] challenge = CanonicalText.sha256("a statement".getBytes(StandardCharsets.UTF_8));

    @Test
    void acceptsAnEs256AssertionAndReturnsItsCount() {
        SoftwarePasskey p = SoftwarePasskey.create(new byte[]{1});
        CoseKey key = CoseKey.parse(p.publicKeyCose());
        assertThat(verifier.verify(p.assertion(challenge, RP, ORIGIN), key, challenge, List.of())).isEqualTo(1);
        assertThat(verifier.verify(p.assertion(challenge, RP, ORIGIN), key, challenge, List.of(1L))).isEqualTo(2);
        PasskeyAssertion third = p.assertion(challenge, RP, ORIGIN);
        assertThatThrownBy(() -> verifier.verify(third, key, challenge, List.of(3L))).hasMessageContaining("used before");
        // Another passkey's key does not verify it.
        CoseKey other = CoseKey.parse(SoftwarePasskey.create(new byte[]{2}).publicKeyCose());
        assertThatThrownBy(() -> verifier.verify(p.assertion(challenge, RP, ORIGIN), other, challenge, List.of()))
                .hasMessageContaining("signature is not the passkey's");
    }

    @Test
    void acceptsAnEd25519PasskeyAndChecksTheFlagsAndType() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        ByteArrayOutputStream cose = new ByteArrayOutputStream();
        cose.writeBytes(new byte[]{(byte) 0xa4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20});
        cose.writeBytes(x);
        CoseKey key = CoseKey.parse(B64.encodeToString(cose.toByteArray()));
        assertThat(key.jcaAlgorithm()).isEqualTo("Ed25519");

        assertThat(verifier.verify(ed(pair, 0x05, 0, "webauthn.get", ORIGIN), key, challenge, List.of())).isZero();
        // An authenticator without a counter (always 0) may sign again.
        assertThat(verifier.verify(ed(pair, 0x05, 0, "webauthn.get", ORIGIN), key, challenge, List.of())).isZero();
        assertThatThrownBy(() -> verifier.verify(ed(pair, 0x04, 7, "webauthn.get", ORIGIN), key, challenge, List.of()))
                .isInstanceOf(Refusal.class).hasMessageContaining("user presence");
        assertThatThrownBy(() -> verifier.verify(ed(pair, 0x01, 7, "webauthn.get", ORIGIN), key, challenge, List.of()))
                .hasMessageContaining("user verification");
        assertThatThrownBy(() -> verifier.verify(ed(pair, 0x05, 7, "webauthn.create", ORIGIN), key, challenge, List.of()))
                .hasMessageContaining("webauthn.get");
        assertThatThrownBy(() -> verifier.verify(ed(pair, 0x05, 7, "webauthn.get", "http://rmm.example.net"), key, challenge, List.of()))
                .hasMessageContaining("origin");
    }

    @Test
    void refusesMalformedKeysAndAssertions() {
        assertThatThrownBy(() -> CoseKey.parse("not base64!")).isInstanceOf(IllegalArgumentException.class);
        // A map with kty EC2 but alg RS256: never guessed.
        assertThatThrownBy(() -> CoseKey.parse(B64.encodeToString(new byte[]{(byte) 0xa2, 0x01, 0x02, 0x03, 0x39, 0x01, 0x00})))
                .hasMessageContaining("unsupported");
        assertThatThrownBy(() -> CoseKey.parse(B64.encodeToString(new byte[]{(byte) 0xa1, 0x01, 0x02, 0x00}))).hasMessageContaining("trailing");
        SoftwarePasskey p = SoftwarePasskey.create(new byte[]{1});
        PasskeyAssertion a = p.assertion(challenge, RP, ORIGIN);
        CoseKey key = CoseKey.parse(p.publicKeyCose());
        assertThatThrownBy(() -> verifier.verify(new PasskeyAssertion(a.credentialId(), "AAAA", a.clientDataJson(), a.signature(), null), key,
                challenge, List.of())).hasMessageContaining("too short");
        assertThatThrownBy(() -> verifier.verify(new PasskeyAssertion(a.credentialId(), a.authenticatorData(), B64.encodeToString("[".getBytes()),
                a.signature(), null), key, challenge, List.of())).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> verifier.verify(new PasskeyAssertion(a.credentialId(), null, a.clientDataJson(), a.signature(), null), key,
                challenge, List.of())).hasMessageContaining("incomplete");
    }

    private PasskeyAssertion ed(KeyPair pair, int flags, int count, String type, String origin) throws Exception {
        byte[] authData = ByteBuffer.allocate(37).put(CanonicalText.sha256(RP.getBytes(StandardCharsets.UTF_8))).put((byte) flags).putInt(count)
                .array();
        byte[] clientData = ("{\"type\":\"" + type + "\",\"challenge\":\"" + B64.encodeToString(challenge) + "\",\"origin\":\"" + origin + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(authData);
        s.update(CanonicalText.sha256(clientData));
        return new PasskeyAssertion("id", B64.encodeToString(authData), B64.encodeToString(clientData), B64.encodeToString(s.sign()), null);
    }
}
