package io.steward.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.SignerHost;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Software passkeys as the tests' people use them: registered through identity's API from a signed-in session (as a
 * browser's script does), trusted by the child signer through its host command line (as an operator does at install),
 * and asserting over a statement's digest on the signer's signing page (the only origin the signer accepts).
 */
public final class TestPasskeys {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private TestPasskeys() {
    }

    public static String origin(int port) {
        return "http://localhost:" + port;
    }

    /** Registers a new software passkey on the signed-in person's account; returns it. */
    public static SoftwarePasskey register(Http session, int port, String label) {
        HttpResponse<String> options = session.json("POST", "/api/v1/me/passkeys/registration-options", null);
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        JsonNode o = JSON.readTree(options.body());
        SoftwarePasskey key = SoftwarePasskey.create(B64URL.decode(o.path("user").path("id").asString()));
        SoftwarePasskey.Registration r = key.registration(B64URL.decode(o.path("challenge").asString()), "localhost", origin(port));
        HttpResponse<String> done = session.json("POST", "/api/v1/me/passkeys", "{\"label\":\"" + label + "\",\"clientDataJson\":\""
                + r.clientDataJson() + "\",\"attestationObject\":\"" + r.attestationObject() + "\",\"transports\":[\"internal\"]}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        return key;
    }

    /** The signer's host trusts the passkey (an approver may approve others' work and endorse passkeys). */
    public static void trust(SignerHost host, UUID person, String name, SoftwarePasskey key, boolean approver) {
        host.trustOnHost(person, name, key.credentialId(), key.publicKeyCose(), approver);
    }

    /** The key's assertion over a statement's digest, as a browser on the signer's signing page would make it. */
    public static PasskeyAssertion sign(SoftwarePasskey key, byte[] challenge, String signingOrigin) {
        return key.assertion(challenge, "localhost", signingOrigin);
    }

    /** The same over a base64url challenge. */
    public static PasskeyAssertion sign(SoftwarePasskey key, String challenge, String signingOrigin) {
        return sign(key, B64URL.decode(challenge), signingOrigin);
    }
}
