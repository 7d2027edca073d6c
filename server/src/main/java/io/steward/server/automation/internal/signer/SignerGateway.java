package io.steward.server.automation.internal.signer;

import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;

import java.util.List;

/**
 * The server's way to the signer: it forwards what people signed and gets signed orders back, or the signer's
 * refusal. The server holds no signing key; this is the only path to one.
 */
public interface SignerGateway {

    /** The signer's key, rotations, keyring, standard changes and limits. */
    SignerMessages.Status status();

    /** Orders for a task the requester and an approver signed; {@link Refused} with the signer's reason otherwise. */
    SignerMessages.Signed signTask(TaskSpec task, List<PasskeyAssertion> assertions);

    /** Orders for a run inside a standard change the signer holds; {@link Refused} otherwise. */
    SignerMessages.Signed signStandardRun(TaskSpec task);

    /** Hands a two-person approved standard change to the signer, which keeps it; {@link Refused} otherwise. */
    void adoptStandardChange(StandardChangeSpec change, List<PasskeyAssertion> assertions);

    /** Asks the signer to trust a passkey, endorsed by a trusted approver's assertion; {@link Refused} otherwise. */
    void trust(KeyringEntrySpec entry, PasskeyAssertion endorsement);

    /** The signer said no, with its reason; nothing was signed or changed. */
    final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** The signer could not be reached or answered nonsense; try again later. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
