package io.steward.server.identity.internal;

import java.io.IOException;
import java.util.Set;

import io.steward.server.platform.HttpProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer stw_...} on the API and actuator. The context is
 * never stored in a session. A bad token counts as a failed sign-in of the remote address, so
 * guessing tokens is throttled like guessing passwords; a read-only token may only read.
 */
class BearerTokenFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiTokens tokens;
    private final LoginThrottle throttle;

    BearerTokenFilter(ApiTokens tokens, LoginThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        ApiTokens.Presented presented = tokens.authenticate(header.substring(7).trim(), LoginThrottle.addressKey(address));
        if (presented instanceof ApiTokens.Presented.Blocked) {
            response.setHeader("Retry-After", "900");
            HttpProblems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentication attempts from this address.");
            return;
        }
        if (!(presented instanceof ApiTokens.Presented.Valid(StewardAuthentication auth))) {
            throttle.recordAddressFailure(address);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The API token is not valid, expired or revoked.");
            return;
        }
        if (auth.viewer().readOnly() && !SAFE_METHODS.contains(request.getMethod())) {
            HttpProblems.write(request, response, HttpStatus.FORBIDDEN, "This API token is read-only.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
