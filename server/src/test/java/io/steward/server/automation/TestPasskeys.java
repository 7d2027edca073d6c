package io.steward.server.automation;

import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.support.Http;
import org.springframework.context.ApplicationContext;

/** Gives a signed-in user a registered passkey and, when asked, has the signer's host trust it (as an approver). */
final class TestPasskeys {
    private TestPasskeys() {
    }

    static SoftwarePasskey enrol(ApplicationContext context, Http session, io.steward.server.shared.UserId user, boolean trustedBySigner, int port) {
        SoftwarePasskey key = io.steward.server.support.TestPasskeys.register(session, port, "Test key " + UUID.randomUUID().toString().substring(0, 8));
        if (trustedBySigner) {
            io.steward.server.support.TestPasskeys.trust(context.getBean(SignerHost.class), user.value(), "Approver", key, true);
        }
        return key;
    }

    /** The key's assertion over a base64url challenge, as a browser on the signer's signing page would make it. */
    static PasskeyAssertion sign(SoftwarePasskey key, String challenge, String signingOrigin) {
        return io.steward.server.support.TestPasskeys.sign(key, challenge, signingOrigin);
    }
}
