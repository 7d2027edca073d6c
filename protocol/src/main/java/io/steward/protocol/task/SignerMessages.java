package io.steward.protocol.task;

import java.util.List;
import java.util.UUID;

/**
 * The JSON messages between the server and the signer over the signer's local channel (loopback HTTP, every
 * request carrying the channel token). The server asks; the signer checks everything itself, against its own
 * keyring, standard changes and limits, and answers with signed orders or a refusal with its reason.
 */
public final class SignerMessages {
    private SignerMessages() {
    }

    /** Sign a task two people approved: the requester's and an approver's assertions over {@link TaskSpec#digest()}. */
    public record SignTask(TaskSpec task, List<PasskeyAssertion> assertions) {
    }

    /** Sign a run that falls inside a standard change the signer holds ({@code task.standardChangeId()} set). */
    public record SignStandardRun(TaskSpec task) {
    }

    /** One signed order per device of the task, in the task's device order. */
    public record Signed(String taskDigest, List<DeviceSigned> orders) {
    }

    public record DeviceSigned(UUID deviceId, SignedOrder order) {
    }

    /** Adopt a standard change: the requester's and an approver's assertions over {@link StandardChangeSpec#digest()}. */
    public record AdoptStandardChange(StandardChangeSpec change, List<PasskeyAssertion> assertions) {
    }

    /**
     * Trust a passkey as a requester: a trusted approver's assertion over {@link KeyringEntrySpec#digest()}. That
     * approver can then never be the approver of a task this passkey requests.
     */
    public record Trust(KeyringEntrySpec entry, PasskeyAssertion endorsement) {
    }

    /** What the signer refuses, and why (HTTP 403 for a refusal of its rules, 400 for a malformed request). */
    public record Refusal(String reason) {
    }

    /** A passkey in the signer's keyring. */
    public record TrustedPasskey(UUID personId, String displayName, String credentialId, boolean approver, String addedBy) {
    }

    /**
     * What the signer shows about itself: its public key (base64 X.509) and fingerprint, the key rotations issued
     * so far (oldest first), its keyring, the standard changes it holds, its limits, and the address of its signing
     * page: people sign there, and the signer accepts only assertions made on that page's origin.
     */
    public record Status(String publicKey, String fingerprint, List<KeyRotation> rotations, List<TrustedPasskey> keyring,
                         List<StandardChangeSpec> standardChanges, int maxDevicesPerTask, int maxDevicesPerHour, int signedThisHour,
                         String signingPage) {

        /** The signing page's origin (scheme://host:port): the origin people's assertions must carry. */
        public String signingOrigin() {
            int slash = signingPage.indexOf('/', signingPage.indexOf("://") + 3);
            return slash < 0 ? signingPage : signingPage.substring(0, slash);
        }
    }
}
