package io.steward.server.platform;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem documents for answers given outside Spring MVC (security filters, body
 * limits), shaped like the ones the controllers' exception handler writes.
 */
public final class HttpProblems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private HttpProblems() {
    }

    public static ProblemDetail of(HttpStatus status, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9/_.~-]", "_")));
        }
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    /** Writes a problem without a JSON library, so it works before MVC is reached. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(request, response, status, detail, java.util.Map.of());
    }

    /**
     * The same with field errors ({@code errors: [{field, message}]}, in the map's order), as the
     * controllers' exception handler lists them.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
                             java.util.Map<String, String> fieldErrors) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail p = of(status, detail, request);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":").append(quote(p.getTitle()))
                .append(",\"status\":").append(status.value())
                .append(",\"detail\":").append(quote(detail));
        if (p.getInstance() != null) {
            json.append(",\"instance\":").append(quote(p.getInstance().toString()));
        }
        Object requestId = p.getProperties() == null ? null : p.getProperties().get("requestId");
        if (requestId != null) {
            json.append(",\"requestId\":").append(quote(requestId.toString()));
        }
        if (!fieldErrors.isEmpty()) {
            json.append(",\"errors\":[");
            String sep = "";
            for (java.util.Map.Entry<String, String> e : fieldErrors.entrySet()) {
                json.append(sep).append("{\"field\":").append(quote(e.getKey())).append(",\"message\":").append(quote(e.getValue())).append('}');
                sep = ",";
            }
            json.append(']');
        }
        response.getWriter().write(json.append('}').toString());
        response.flushBuffer();
    }

    /** True for requests that want machine answers: the API, actuator, the agent channel and the inbound hooks. */
    public static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/agent/") || path.startsWith("/hooks/");
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
