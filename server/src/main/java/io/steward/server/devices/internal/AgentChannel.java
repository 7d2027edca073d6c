package io.steward.server.devices.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamProtocol;
import io.steward.server.devices.DeviceService;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The agent channel: answers every request under {@code /agent/} itself, before the security
 * chain and Spring MVC, which are built for people (sessions, CSRF, content negotiation) and cost
 * a fleet's requests most of their server CPU. Every request but enrollment is checked here: the
 * device exists, the timestamp is within five minutes of the server's clock, the Ed25519 signature
 * over method, path, timestamp and body digest is the device's, the device is within its request
 * rate (429) and the body names no other device. Identity comes from the key only; the endpoint
 * then runs in the device's client scope.
 * Invariant: a path under {@code /agent/} that is not exactly one of the endpoints' gets 404 here,
 * so no spelling of an agent path reaches anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class AgentChannel extends OncePerRequestFilter {
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,18})");
    private static final Pattern NAMED_DEVICE = Pattern.compile("\"deviceId\"\\s*:\\s*\"([^\"]*)\"");
    private static final String ROOT = "/agent/";

    private final DeviceService devices;
    private final Clock clock;
    private final AgentRateLimit rateLimit;
    private final ObjectMapper json;
    private final Map<String, AgentEndpoint<?>> endpoints = new HashMap<>();
    private final AgentStreams streams;

    AgentChannel(DeviceService devices, Clock clock, AgentRateLimit rateLimit, ObjectMapper json, List<AgentEndpoint<?>> endpoints, AgentStreams streams) {
        this.devices = devices;
        this.streams = streams;
        this.clock = clock;
        this.rateLimit = rateLimit;
        this.json = json;
        for (AgentEndpoint<?> e : endpoints) {
            if (!e.path().startsWith(AgentProtocol.PATH_PREFIX + "/") || this.endpoints.put(e.path(), e) != null) {
                throw new IllegalStateException("Agent endpoint path " + e.path() + " is outside the channel or taken twice");
            }
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().regionMatches(true, 0, ROOT, 0, ROOT.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String path = request.getRequestURI();
        if (path.equals(StreamProtocol.PATH)) {
            stream(request, response);
            return;
        }
        boolean enroll = path.equals(AgentProtocol.ENROLL_PATH);
        AgentEndpoint<?> endpoint = endpoints.get(path);
        if (endpoint == null && !enroll) {
            HttpProblems.write(request, response, HttpStatus.NOT_FOUND, "No such agent endpoint.");
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            HttpProblems.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "Agent endpoints take POST only.");
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.regionMatches(true, 0, "application/json", 0, 16)) {
            HttpProblems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Agent messages are application/json.");
            return;
        }
        if (enroll) {
            enroll(request, response);
            return;
        }
        Verified verified = verify(request, response);
        if (verified == null) {
            return;
        }
        try (TenantContext.Entered ignored = TenantContext.enter(TenantScope.of(verified.device().clientId()))) {
            // The sequence number is recorded by the endpoint in the same transaction as what it stores.
            answer(request, response, endpoint, verified.device(), verified.body());
        }
    }

    /** Protocol v2: a WebSocket upgrade, authenticated inside the connection by the device's signed hello. */
    private void stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.setHeader("Upgrade", "websocket");
            HttpProblems.write(request, response, HttpStatus.UPGRADE_REQUIRED, "The agent stream is a WebSocket: GET with Upgrade: websocket.");
            return;
        }
        if (!streams.upgrade(request, response)) {
            HttpProblems.write(request, response, HttpStatus.NOT_FOUND, "This server does not take agent streams.");
        }
    }

    private record Verified(AgentDevice device, byte[] body) {
    }

    /** The checks every signed request passes; null when the answer (401, 400, 403, 429) was written. */
    private Verified verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String deviceHeader = request.getHeader(AgentProtocol.DEVICE_HEADER);
        String timestampHeader = request.getHeader(AgentProtocol.TIMESTAMP_HEADER);
        String signature = request.getHeader(AgentProtocol.SIGNATURE_HEADER);
        if (deviceHeader == null || timestampHeader == null || signature == null) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "Agent requests must be signed (device, timestamp and signature headers).");
            return null;
        }
        DeviceId deviceId;
        long timestamp;
        try {
            deviceId = DeviceId.parse(deviceHeader);
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NotFoundException | NumberFormatException e) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The device or timestamp header is malformed.");
            return null;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > AgentProtocol.MAX_SKEW_SECONDS) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The request timestamp is " + skew
                    + " s away from the server's clock (at most " + AgentProtocol.MAX_SKEW_SECONDS + " s allowed): check the clock on the device.");
            return null;
        }
        var credentials = devices.credentials(deviceId);
        byte[] body = request.getInputStream().readAllBytes();
        String canonical;
        try {
            canonical = AgentProtocol.canonicalRequest(request.getMethod(), request.getRequestURI(), timestamp, body);
        } catch (IllegalArgumentException e) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The request path is not canonical.");
            return null;
        }
        if (credentials.isEmpty() || !SignatureCheck.verify(credentials.get().key(), canonical, signature)) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The signature is not valid for this device.");
            return null;
        }
        // After the signature, so nobody but the device itself can use up its budget.
        long waitMillis = rateLimit.take(deviceId);
        if (waitMillis > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
            HttpProblems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "This device sends more requests than allowed; wait for Retry-After seconds.");
            return null;
        }
        if ("RETIRED".equals(credentials.get().status())) {
            HttpProblems.write(request, response, HttpStatus.FORBIDDEN, "This device was retired; enroll it again.");
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher m = SEQ.matcher(text);
        if (!m.find()) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "Every agent message carries its sequence number (seq).");
            return null;
        }
        long seq = Long.parseLong(m.group(1));
        Matcher named = NAMED_DEVICE.matcher(text);
        while (named.find()) {
            if (!named.group(1).equals(deviceId.toString())) {
                HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The body names another device; a device speaks only for itself.");
                return null;
            }
        }
        return new Verified(new AgentDevice(deviceId, credentials.get().clientId(), "APPROVED".equals(credentials.get().status()), seq), body);
    }

    private void enroll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Messages.EnrollRequest enrollment = read(request, response, request.getInputStream().readAllBytes(), Messages.EnrollRequest.class);
        if (enrollment == null) {
            return;
        }
        try {
            Messages.EnrollResponse enrolled = TenantContext.callAsSystem(() -> devices.enroll(enrollment, request.getRemoteAddr()));
            write(response, AgentEndpoint.Answer.created(enrolled), request);
        } catch (DeviceService.EnrollmentRefused refused) {
            HttpProblems.write(request, response, HttpStatus.valueOf(refused.status()), refused.getMessage());
        } catch (RuntimeException e) {
            if (!problem(request, response, e)) {
                throw e;
            }
        }
    }

    private <T> void answer(HttpServletRequest request, HttpServletResponse response, AgentEndpoint<T> endpoint, AgentDevice device, byte[] body)
            throws IOException {
        T message = read(request, response, body, endpoint.bodyType());
        if (message == null) {
            return;
        }
        try {
            write(response, endpoint.handler().answer(device, message), request);
        } catch (RuntimeException e) {
            if (!problem(request, response, e)) {
                throw e;
            }
        }
    }

    /** The body as the endpoint's message; null when it is not (400 written). */
    private <T> T read(HttpServletRequest request, HttpServletResponse response, byte[] body, Class<T> type) throws IOException {
        try {
            T message = json.readValue(body, type);
            if (message == null) {
                HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The request body is empty.");
            }
            return message;
        } catch (JacksonException e) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this operation.");
            return null;
        }
    }

    private void write(HttpServletResponse response, AgentEndpoint.Answer answer, HttpServletRequest request) throws IOException {
        answer.headers().forEach(response::setHeader);
        if (answer.isProblem()) {
            HttpProblems.write(request, response, HttpStatus.valueOf(answer.status()), answer.problemDetail(), answer.fieldErrors());
            return;
        }
        response.setStatus(answer.status());
        if (answer.body() != null) {
            byte[] bytes = json.writeValueAsBytes(answer.body());
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /** The shared exceptions as the API answers them; false for anything else (a fault of ours). */
    private static boolean problem(HttpServletRequest request, HttpServletResponse response, RuntimeException e) throws IOException {
        switch (e) {
            case InvalidInputException invalid -> HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, e.getMessage(), invalid.fieldErrors());
            case ForbiddenException forbidden -> HttpProblems.write(request, response, HttpStatus.FORBIDDEN, e.getMessage());
            case NotFoundException notFound -> HttpProblems.write(request, response, HttpStatus.NOT_FOUND, e.getMessage());
            case ConflictException conflict -> HttpProblems.write(request, response, HttpStatus.CONFLICT, e.getMessage(),
                    conflict.field() == null ? Map.of() : Map.of(conflict.field(), e.getMessage()));
            default -> {
                return false;
            }
        }
        return true;
    }
}
