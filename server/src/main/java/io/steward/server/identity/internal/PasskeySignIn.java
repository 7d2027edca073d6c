package io.steward.server.identity.internal;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.audit.AuditLog;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in with a passkey on the sign-in page. The page carries a one-use challenge kept in the (not yet signed-in)
 * session; the browser's discoverable passkey signs it, and its credential id names the person.
 * <p>
 * How it relates to MFA: a passkey assertion with user verification is possession of the authenticator plus the PIN
 * or biometrics that unlocked it, and it is bound to this server's origin, so it is phishing-resistant multi-factor
 * authentication by itself. A passkey sign-in therefore owes no TOTP code and no MFA enrolment; it still owes a
 * password change an admin asked for. Password sign-in is unchanged (TOTP where enabled or required).
 * <p>
 * Throttling: a blocked address is refused, and every failed passkey sign-in counts against the address. It does
 * not count against the account, and an account blocked for wrong passwords may still sign in with its passkey: a
 * signature cannot be guessed, so blocking it would only let whoever guesses passwords lock the owner out.
 */
@Component
public class PasskeySignIn {
    static final String CHALLENGE = "steward.passkey.signInChallenge";

    private final Passkeys passkeys;
    private final UserRepository users;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SignInFlow flow;
    private final TransactionTemplate tx;

    public PasskeySignIn(Passkeys passkeys, UserRepository users, LoginThrottle throttle, AuditLog audit, SignInFlow flow,
                         TransactionTemplate tx) {
        this.passkeys = passkeys;
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.flow = flow;
        this.tx = tx;
    }

    /** How a passkey sign-in ended. */
    public sealed interface Outcome {
        /** Signed in (or on to the step still owed): go to {@code page}. */
        record SignedIn(String page) implements Outcome {
        }

        record Blocked() implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    /** A fresh challenge for the sign-in page, replacing any earlier one of this session. */
    public String newChallenge(HttpSession session) {
        String challenge = Passkeys.randomChallenge();
        session.setAttribute(CHALLENGE, challenge);
        return challenge;
    }

    public Outcome signIn(HttpServletRequest request, HttpServletResponse response, PasskeyAssertion assertion) {
        String address = request.getRemoteAddr();
        HttpSession session = request.getSession(false);
        String challenge = session == null ? null : (String) session.getAttribute(CHALLENGE);
        if (session != null) {
            session.removeAttribute(CHALLENGE);
        }
        return TenantContext.callAsSystem(() -> {
            if (throttle.isBlocked(LoginThrottle.addressKey(address))) {
                tx.executeWithoutResult(s -> audit.recordAnonymous("passkey", "login.blocked", Map.of("reason", "too many failures")));
                return new Outcome.Blocked();
            }
            if (challenge == null) {
                return new Outcome.Failed("The sign-in page expired: try again.");
            }
            String credentialId = assertion.credentialId() == null ? "" : assertion.credentialId().strip();
            Optional<UserRecord> owner = passkeys.passkey(credentialId).flatMap(p -> users.findById(p.userId())).filter(UserRecord::enabled);
            if (owner.isEmpty()) {
                return fail(address, "passkey", "unknown passkey or disabled account", "This passkey is not registered with Steward.");
            }
            UserRecord user = owner.get();
            try {
                passkeys.verify(user.id(), Base64.getUrlDecoder().decode(challenge), assertion);
            } catch (InvalidInputException e) {
                return fail(address, user.email(), e.getMessage(), e.getMessage());
            }
            SignInStage stage = user.mustChangePassword() ? SignInStage.PASSWORD_CHANGE : SignInStage.COMPLETE;
            tx.executeWithoutResult(s -> audit.recordAnonymous(user.email(), "login.passkey_ok",
                    Map.of("credentialId", credentialId, "next", stage.name())));
            StewardAuthentication authentication = StewardAuthentication.session(user.toViewer(false), stage, user.securityStamp());
            return new Outcome.SignedIn(flow.begin(request, response, authentication));
        });
    }

    private Outcome fail(String address, String actor, String auditReason, String shown) {
        throttle.recordAddressFailure(address);
        tx.executeWithoutResult(s -> audit.recordAnonymous(actor.length() > 320 ? actor.substring(0, 320) : actor, "login.passkey_failed",
                Map.of("reason", auditReason)));
        return new Outcome.Failed(shown);
    }
}
