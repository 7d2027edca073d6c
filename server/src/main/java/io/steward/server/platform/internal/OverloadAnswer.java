package io.steward.server.platform.internal;

import java.io.IOException;

import io.steward.server.platform.HttpProblems;
import io.steward.server.platform.Overload;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every pool timeout with 503 and Retry-After: those raised by filters (the API token or
 * session lookup, the agent verifier), which no MVC exception handler sees, and those of
 * controllers, which the exception handlers rethrow. The container's error page would need a
 * connection itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class OverloadAnswer extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(OverloadAnswer.class);
    private static final String RETRY_AFTER_SECONDS = "2";
    private static final String DETAIL = "Steward is busy; retry in a moment.";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!Overload.inChain(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("No database connection free for {} {}", request.getMethod(), request.getRequestURI());
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            if (HttpProblems.isApi(request)) {
                HttpProblems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
            } else {
                response.resetBuffer();
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!doctype html><title>Steward is busy</title><p>" + DETAIL + "</p>");
                response.flushBuffer();
            }
        }
    }
}
