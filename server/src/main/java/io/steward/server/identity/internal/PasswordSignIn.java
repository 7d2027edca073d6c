package io.steward.server.identity.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks email and password for the sign-in form. Unknown emails cost the same hash as known ones
 * and get the same answer; blocked accounts and addresses are refused before the password is
 * looked at. A success yields a session at the first {@link SignInStage} the user still owes.
 */
@Component
public class PasswordSignIn implements AuthenticationProvider {

    /** Hash of a random string: verified against when the email is unknown, so timing tells nothing. */
    private final String decoyHash;
    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public PasswordSignIn(UserRepository users, PasswordEncoder passwords, LoginThrottle throttle, AuditLog audit,
                          TransactionTemplate tx, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.decoyHash = passwords.encode(Secrets.oneTimePassword());
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = String.valueOf(authentication.getName());
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : "unknown";

        return TenantContext.callAsSystem(() -> {
            if (throttle.isBlocked(LoginThrottle.addressKey(address)) || throttle.isBlocked(LoginThrottle.accountKey(email))) {
                passwords.matches(password, decoyHash);
                audit.recordAnonymous(limit(email), "login.blocked", Map.of("reason", "too many failures"));
                throw new LockedException("Too many failed sign-ins. Wait a few minutes and try again.");
            }
            Optional<UserRecord> found = users.findByEmail(email);
            boolean ok;
            if (found.isPresent()) {
                ok = passwords.matches(password, found.get().passwordHash());
            } else {
                passwords.matches(password, decoyHash);
                ok = false;
            }
            if (!ok || !found.get().enabled()) {
                throttle.recordAccountFailure(email);
                throttle.recordAddressFailure(address);
                audit.recordAnonymous(limit(email), "login.failed",
                        Map.of("reason", found.isEmpty() ? "unknown account" : (!ok ? "wrong password" : "account disabled")));
                throw new BadCredentialsException("Email or password is not correct.");
            }
            UserRecord user = found.get();
            throttle.reset(LoginThrottle.accountKey(email));
            SignInStage stage = firstStageOwed(user);
            StewardAuthentication result = StewardAuthentication.session(user.toViewer(false), stage, user.securityStamp());
            if (stage == SignInStage.COMPLETE) {
                SignInEvents.completed(tx, users, audit, clock, result);
            } else {
                tx.executeWithoutResult(s -> audit.recordAnonymous(user.email(), "login.password_ok", Map.of("next", stage.name())));
            }
            return result;
        });
    }

    /** The order matters: prove the second factor before anything else may change. */
    public static SignInStage firstStageOwed(UserRecord user) {
        if (user.totpEnabled()) {
            return SignInStage.MFA_CHALLENGE;
        }
        return stageAfterMfa(user);
    }

    public static SignInStage stageAfterMfa(UserRecord user) {
        if (user.mustChangePassword()) {
            return SignInStage.PASSWORD_CHANGE;
        }
        if (!user.totpEnabled() && requiresMfa(user.role())) {
            return SignInStage.MFA_ENROLL;
        }
        return SignInStage.COMPLETE;
    }

    /** MSP admins must use MFA; later, so must anyone allowed to run scripts. */
    public static boolean requiresMfa(Role role) {
        return role == Role.MSP_ADMIN;
    }

    private static String limit(String email) {
        return email.length() > 320 ? email.substring(0, 320) : email;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
