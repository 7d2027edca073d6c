package io.steward.server.automation.internal.agent;

import java.util.Optional;

import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.devices.TaskSignerKey;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells enrollment (and the install page) the signer's public key, from the signer itself. Optional on both sides:
 * with no signer configured, or while it cannot be reached, agents enroll without a key and accept no task.
 */
@Component
class SignerKeyForEnrollment implements TaskSignerKey {
    private final ObjectProvider<SignerGateway> signer;

    SignerKeyForEnrollment(ObjectProvider<SignerGateway> signer) {
        this.signer = signer;
    }

    @Override
    public Optional<String> publicKey() {
        SignerGateway gateway = signer.getIfAvailable();
        if (gateway == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(gateway.status().publicKey()).filter(k -> !k.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
