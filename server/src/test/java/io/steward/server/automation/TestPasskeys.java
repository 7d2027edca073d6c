package io.steward.server.automation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.UserId;
import org.springframework.context.ApplicationContext;

/**
 * Gives a user a passkey the server knows and, when asked, the signer trusts. Until PASSKEY's and SIGNER's parts are
 * merged this goes through the test-scope stand-ins ({@link StandInsUntilMerge}); after the merge it must register
 * the passkey through identity's registration and endorse it into the signer's keyring, and says so if it cannot.
 */
final class TestPasskeys {
    private TestPasskeys() {
    }

    static SoftwarePasskey enrol(ApplicationContext context, UserId user, boolean trustedBySigner) {
        SoftwarePasskey key = SoftwarePasskey.create(user.value().toString().getBytes(StandardCharsets.UTF_8));
        if (!(context.getBean(PasskeyDirectory.class) instanceof StandInsUntilMerge.StandInPasskeys directory)) {
            throw new IllegalStateException("identity's PasskeyDirectory is merged: register the test passkey through its registration");
        }
        directory.register(user, key);
        if (trustedBySigner) {
            if (!(context.getBean(SignerGateway.class) instanceof StandInsUntilMerge.StandInSigner signer)) {
                throw new IllegalStateException("the signer is merged: endorse the test passkey into its keyring");
            }
            signer.trustForTest(key.credentialId());
        }
        return key;
    }

    /** The key's assertion over a base64url challenge, as a browser at this server would make it. */
    static PasskeyAssertion sign(SoftwarePasskey key, String challenge, int port) {
        return key.assertion(Base64.getUrlDecoder().decode(challenge), "localhost", "http://localhost:" + port);
    }
}
