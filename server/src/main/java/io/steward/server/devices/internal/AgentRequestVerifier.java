package io.steward.server.devices.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.protocol.AgentProtocol;
import io.steward.server.devices.DeviceService;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every signed agent request before it reaches an endpoint: the device exists, the
 * timestamp is within five minutes of the server's clock, the Ed25519 signature over method,
 * path, timestamp and body digest is the device's, the device is within its request rate (429) and the body names no other device. Identity comes from the key only; the request then runs in the device's client scope.
 */
@Component
class AgentRequestVerifier extends OncePerRequestFilter {
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,18})");
    private static final Pattern NAMED_DEVICE = Pattern.compile("\"deviceId\"\\s*:\\s*\"([^\"]*)\"");

    private final DeviceService devices;
    private final Clock clock;
    private final AgentRateLimit rateLimit;

    AgentRequestVerifier(DeviceService devices, Clock clock, AgentRateLimit rateLimit) {
        this.devices = devices;
        this.clock = clock;
        this.rateLimit = rateLimit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(AgentProtocol.PATH_PREFIX + "/") || path.equals(AgentProtocol.ENROLL_PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String deviceHeader = request.getHeader(AgentProtocol.DEVICE_HEADER);
        String timestampHeader = request.getHeader(AgentProtocol.TIMESTAMP_HEADER);
        String signature = request.getHeader(AgentProtocol.SIGNATURE_HEADER);
        if (deviceHeader == null || timestampHeader == null || signature == null) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "Agent requests must be signed (device, timestamp and signature headers).");
            return;
        }
        DeviceId deviceId;
        long timestamp;
        try {
            deviceId = DeviceId.parse(deviceHeader);
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NotFoundException | NumberFormatException e) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The device or timestamp header is malformed.");
            return;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > AgentProtocol.MAX_SKEW_SECONDS) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The request timestamp is " + skew
                    + " s away from the server's clock (at most " + AgentProtocol.MAX_SKEW_SECONDS + " s allowed): check the clock on the device.");
            return;
        }
        var credentials = devices.credentials(deviceId);
        byte[] body = request.getInputStream().readAllBytes();
        String canonical;
        try {
            canonical = AgentProtocol.canonicalRequest(request.getMethod(), request.getRequestURI(), timestamp, body);
        } catch (IllegalArgumentException e) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The request path is not canonical.");
            return;
        }
        if (credentials.isEmpty() || !SignatureCheck.verify(credentials.get().key(), canonical, signature)) {
            HttpProblems.write(request, response, HttpStatus.UNAUTHORIZED, "The signature is not valid for this device.");
            return;
        }
        // After the signature, so nobody but the device itself can use up its budget.
        long waitMillis = rateLimit.take(deviceId);
        if (waitMillis > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
            HttpProblems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "This device sends more requests than allowed; wait for Retry-After seconds.");
            return;
        }
        if ("RETIRED".equals(credentials.get().status())) {
            HttpProblems.write(request, response, HttpStatus.FORBIDDEN, "This device was retired; enroll it again.");
            return;
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = SEQ.matcher(text);
        if (!m.find()) {
            HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "Every agent message carries its sequence number (seq).");
            return;
        }
        long seq = Long.parseLong(m.group(1));
        Matcher named = NAMED_DEVICE.matcher(text);
        while (named.find()) {
            if (!named.group(1).equals(deviceId.toString())) {
                HttpProblems.write(request, response, HttpStatus.BAD_REQUEST, "The body names another device; a device speaks only for itself.");
                return;
            }
        }
        TenantScope scope = TenantScope.of(credentials.get().clientId());
        try (TenantContext.Entered ignored = TenantContext.enter(scope)) {
            // The sequence number is recorded by the endpoint in the same transaction as what it stores.
            request.setAttribute(AgentDevice.ATTRIBUTE, new AgentDevice(deviceId, credentials.get().clientId(),
                    "APPROVED".equals(credentials.get().status()), seq));
            chain.doFilter(new CachedBody(request, body), response);
        }
    }

    /** The request with its body read once for the signature and replayed for the endpoint. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
