package io.steward.server.identity.internal;

import java.time.Clock;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a session to the next {@link SignInStage} once the current one is satisfied. Each step
 * re-reads the user, rotates the session id and stores a fresh authentication, so nothing from
 * before the step survives it.
 */
@Component
public class SignInFlow {

    private final UserRepository users;
    private final SecurityContextRepository contexts;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SignInFlow(UserRepository users, SecurityContextRepository contexts, AuditLog audit, TransactionTemplate tx, Clock clock) {
        this.users = users;
        this.contexts = contexts;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Returns the page to go to next. */
    public String advance(HttpServletRequest request, HttpServletResponse response, StewardAuthentication current) {
        UserRecord user = TenantContext.callAsSystem(() -> users.findById(current.viewer().userId()))
                .filter(UserRecord::enabled)
                .orElseThrow(() -> new IllegalStateException("user vanished during sign-in"));
        SignInStage next = PasswordSignIn.stageAfterMfa(user);
        StewardAuthentication advanced = StewardAuthentication.session(user.toViewer(false), next, user.securityStamp());
        store(request, response, advanced);
        if (next == SignInStage.COMPLETE) {
            SignInEvents.completed(tx, users, audit, clock, advanced);
        }
        return SecurityConfiguration.landingPage(advanced);
    }

    /**
     * Starts a session for a sign-in proven in one step (a passkey) at {@code stage}; returns the page to go to.
     * The session id changes, as after every step.
     */
    public String begin(HttpServletRequest request, HttpServletResponse response, StewardAuthentication authentication) {
        store(request, response, authentication);
        if (authentication.stage() == SignInStage.COMPLETE) {
            SignInEvents.completed(tx, users, audit, clock, authentication);
        }
        return SecurityConfiguration.landingPage(authentication);
    }

    /** Keeps the current session valid after the user changed their own password or MFA. */
    public void refresh(HttpServletRequest request, HttpServletResponse response, StewardAuthentication current) {
        UserRecord user = TenantContext.callAsSystem(() -> users.findById(current.viewer().userId())).orElseThrow();
        store(request, response, StewardAuthentication.session(user.toViewer(false), current.stage(), user.securityStamp()));
    }

    /** A new session id for the new authentication, so nothing from before the step carries over. */
    private void store(HttpServletRequest request, HttpServletResponse response, StewardAuthentication authentication) {
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    public static StewardAuthentication current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof StewardAuthentication s) {
            return s;
        }
        throw new IllegalStateException("no Steward sign-in in progress");
    }
}
