package io.steward.server.identity.internal;

import java.util.Set;

import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.UserDraft;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the very first start (no user at all) creates one MSP admin and prints a one-time password
 * to the console, which must be changed at first sign-in, followed by MFA enrolment. This is the
 * only way in: there is no setup page or route, so nothing over HTTP can claim a fresh install.
 */
@Component
@Order(100)
class FirstAdminBootstrap implements ApplicationRunner {
    static final String ADMIN_EMAIL = "admin@steward.local";

    private final UserDirectory users;

    FirstAdminBootstrap(UserDirectory users) {
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        TenantContext.runAsSystem(() -> {
            if (users.anyUserExists()) {
                return;
            }
            String password = Secrets.oneTimePassword();
            users.seed(new UserDraft(ADMIN_EMAIL, "MSP admin", Role.MSP_ADMIN, null, null, Set.of()), password, true, null);
            System.out.println();
            System.out.println("  Steward created the first MSP admin.");
            System.out.println("    email:              " + ADMIN_EMAIL);
            System.out.println("    one-time password:  " + password);
            System.out.println("  Sign in, choose a new password and set up two-factor authentication.");
            System.out.println();
        });
    }
}
