package io.steward.server.alerting.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.steward.server.alerting.AlertSource;
import io.steward.server.alerting.AlertSourceService;
import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.internal.InboundAlerts;
import io.steward.server.platform.BodyTooLargeException;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.InvalidInputException;
import jakarta.servlet.FilterChain;
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
 * The inbound alert hooks, {@code POST /hooks/alerts/{sourceId}}: answered here, before the security chain, like the
 * agent channel, because the callers are machines with no session and no CSRF token; the source's secret in
 * {@code Authorization: Bearer} is the only credential (Alertmanager's {@code http_config.authorization}, Uptime Kuma's
 * "additional headers"). The secret is never taken from the URL: URLs end up in proxy and access logs, browser history and
 * the sender's own configuration dumps, and both supported senders can set a header; a tool that cannot should go
 * through one that can.
 * Answers: 202 with what was done; 401 for an unknown source and a wrong secret alike (nothing tells whether the source
 * exists); 403 for a switched-off source; 413 for a body over {@code steward.alerting.hook-max-bytes}; 400 problem+json
 * naming the field for a malformed body; 405 for other methods. Only this prefix is answered here: any other path goes on
 * to the security chain, which refuses what it does not list.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class AlertHookChannel extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(AlertHookChannel.class);

    private final AlertSourceService sources;
    private final int maxBytes;

    AlertHookChannel(AlertSourceService sources, AlertingProperties properties) {
        this.sources = sources;
        this.maxBytes = properties.hookMaxBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().regionMatches(true, 0, AlertSource.HOOK_ROOT, 0, AlertSource.HOOK_ROOT.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String id = request.getRequestURI().substring(AlertSource.HOOK_ROOT.length());
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            HttpProblems.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "Alert hooks take POST only.");
            return;
        }
        InboundAlerts.Check check = sources.checkHook(id, request.getHeader("Authorization"));
        if (check.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED,
                    "Send the alert source's secret as Authorization: Bearer <secret> to the source's own URL.");
            return;
        }
        if (check.status() == 403) {
            sources.refused(check.caller(), "A request arrived while the source is switched off.");
            HttpProblems.write(request, response, HttpStatus.FORBIDDEN, "This alert source is switched off in Steward.");
            return;
        }
        byte[] body;
        try {
            body = read(request);
        } catch (BodyTooLargeException e) {
            tooLarge(request, response, check.caller());
            return;
        }
        if (body == null) {
            tooLarge(request, response, check.caller());
            return;
        }
        try {
            InboundAlerts.Receipt r = sources.receive(check.caller(), body);
            response.setStatus(HttpStatus.ACCEPTED.value());
            response.setContentType("application/json");
            response.getWriter().write("{\"opened\":" + r.opened() + ",\"repeated\":" + r.repeated() + ",\"resolved\":" + r.resolved()
                    + ",\"ignored\":" + r.ignored() + "}");
        } catch (InvalidInputException e) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, e.getMessage(), e.fieldErrors());
        } catch (RuntimeException e) {
            // A fault of ours: the sender retries (Alertmanager does on 5xx), and the source's page says so.
            LOG.error("Inbound alert from source {} failed", check.caller().sourceId(), e);
            sources.refused(check.caller(), "Steward could not store this request (" + e.getClass().getSimpleName() + "); the sender will retry.");
            response.setHeader("Retry-After", "60");
            HttpProblems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Steward could not store the alerts; try again later.");
        }
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, InboundAlerts.Caller caller) throws IOException {
        sources.refused(caller, "A request of more than " + maxBytes + " bytes was refused.");
        response.setHeader("Connection", "close");
        HttpProblems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the limit of " + maxBytes + " bytes.",
                Map.of("body", "At most " + maxBytes + " bytes."));
    }

    /** The body, or null when it is larger than the limit (declared or found while reading). */
    private byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            return bytes.length > maxBytes ? null : bytes;
        }
    }
}
