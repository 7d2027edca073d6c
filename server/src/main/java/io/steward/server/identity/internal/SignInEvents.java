package io.steward.server.identity.internal;

import java.time.Clock;
import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.TenantContext;
import org.springframework.transaction.support.TransactionTemplate;

/** What happens when a sign-in is complete, whichever stage completed it. */
final class SignInEvents {
    private SignInEvents() {
    }

    static void completed(TransactionTemplate tx, UserRepository users, AuditLog audit, Clock clock, StewardAuthentication auth) {
        TenantContext.runAsSystem(() -> tx.executeWithoutResult(s -> {
            audit.recordAnonymous(auth.viewer().email(), "login.succeeded", Map.of("role", auth.viewer().role().name()));
            users.recordLogin(auth.viewer().userId(), clock.instant());
        }));
    }
}
