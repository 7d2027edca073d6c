package io.steward.server.identity.internal;

import java.io.IOException;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after authentication. A session whose user was disabled, deleted or changed (security
 * stamp moved on) is ended here, whatever node it lives on; then the rest of the request runs
 * with the viewer's tenant scope, which every database connection picks up for row-level security.
 */
class SessionGuardFilter extends OncePerRequestFilter {

    private final UserRepository users;

    SessionGuardFilter(UserRepository users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        TenantScope scope = TenantScope.none();
        if (auth instanceof StewardAuthentication steward) {
            if (!steward.viaToken()) {
                Integer stamp = TenantContext.callAsSystem(() -> users.securityStamp(steward.viewer().userId()).orElse(null));
                if (stamp == null || stamp != steward.securityStamp()) {
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    chain.doFilter(request, response);
                    return;
                }
            }
            // Before sign-in completes the access rules allow only the stage's own page; the user's
            // own scope is still needed there, e.g. for a portal user to change their password.
            scope = steward.viewer().scope();
        }
        try (TenantContext.Entered ignored = TenantContext.enter(scope)) {
            chain.doFilter(request, response);
        }
    }

}
