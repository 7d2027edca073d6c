package io.steward.server.identity.internal;

import java.util.Set;

import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A passkey's credential id in a path is visible to its owner only. Credential ids are the authenticator's bytes
 * (base64url), not uuids, so the table guard's rules do not fit them: this guard answers for {@code credentialId}.
 */
@Component
class PasskeyPathIds implements PathIdGuard {
    private final PasskeyRepository passkeys;

    PasskeyPathIds(PasskeyRepository passkeys) {
        this.passkeys = passkeys;
    }

    @Override
    public Set<String> variables() {
        return Set.of("credentialId");
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        if (value == null || value.length() > 1400 || !value.matches("[A-Za-z0-9_-]+")) {
            return false;
        }
        return passkeys.find(value).map(r -> r.passkey().userId().equals(viewer.userId())).orElse(false);
    }
}
