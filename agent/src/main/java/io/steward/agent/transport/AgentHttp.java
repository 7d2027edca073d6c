package io.steward.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;

/**
 * The agent's HTTP side of protocol v1: the unsigned enrollment and signed POSTs. Bodies go
 * uncompressed: {@code Content-Encoding: gzip} is optional in the contract, and the batches are
 * small enough that plain JSON keeps the signed bytes and the received bytes trivially the same.
 * For {@code https} with a fingerprint the server certificate is pinned; plain {@code http} is
 * meant for loopback tests only.
 *
 * <p>It uses {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: the agent sends one
 * small request at a time, and HttpClient's asynchronous machinery (some 300 classes, a selector
 * thread and worker threads) was a measurable share of the agent's memory (BENCHMARKS.md,
 * "Agent footprint"). Connections are kept alive between requests by the JDK's keep-alive cache.
 */
public final class AgentHttp {
    private static final int CONNECT_TIMEOUT_MS = (int) Duration.ofSeconds(10).toMillis();
    private static final int REQUEST_TIMEOUT_MS = (int) Duration.ofSeconds(60).toMillis();

    static {
        // HttpURLConnection would otherwise silently send a POST a second time when a kept-alive
        // connection fails while the answer is read; the agent decides about resending itself
        // (a resent heartbeat, for one, would be a replayed sequence number).
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final URI server;
    private final SSLSocketFactory pinnedTls;
    private final Clock clock;

    public AgentHttp(URI server, Optional<String> fingerprint, Clock clock) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the server URL must be http(s)://…, got " + server);
        }
        this.server = server;
        this.clock = clock;
        this.pinnedTls = scheme.equals("https") && fingerprint.isPresent()
                ? new PinnedCertificateTrust(fingerprint.get()).sslContext().getSocketFactory()
                : null;
    }

    /** Thrown when the server refuses an enrollment or cannot be reached; the message says which. */
    public static final class EnrollmentFailed extends RuntimeException {
        public EnrollmentFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A status, the body and the Retry-After header of one answer. */
    private record Answer(int status, byte[] body, String retryAfter) {
    }

    public Messages.EnrollResponse enroll(Messages.EnrollRequest request) {
        Answer response;
        try {
            response = send(AgentProtocol.ENROLL_PATH, AgentJson.write(request), null, null, null);
        } catch (IOException e) {
            throw new EnrollmentFailed("cannot reach " + server + ": " + e, e);
        }
        int status = response.status();
        if (status != 200 && status != 201) {
            String why = switch (status) {
                case 400 -> "the request was refused as malformed";
                case 401 -> "the enrollment token is not valid";
                case 403 -> "the enrollment token was revoked";
                case 410 -> "the enrollment token expired or is used up";
                default -> "unexpected answer";
            };
            throw new EnrollmentFailed("enrollment failed: server answered " + status + " (" + why + ")"
                    + Delivery.problemDetail(response.body()), null);
        }
        return AgentJson.read(response.body(), Messages.EnrollResponse.class);
    }

    /** POSTs a body signed by the device key; never throws for network failures, which are a {@link Delivery.Retry}. */
    public Delivery post(String path, byte[] body, String deviceId, PrivateKey key) {
        long timestamp = clock.instant().getEpochSecond();
        String signature = DeviceKeys.sign(key, AgentProtocol.canonicalRequest("POST", fullPath(path), timestamp, body));
        try {
            Answer response = send(path, body, deviceId, Long.toString(timestamp), signature);
            return Delivery.fromStatus(response.status(), response.body(), RetryAfter.parse(response.retryAfter(), clock));
        } catch (IOException e) {
            return new Delivery.Retry("cannot reach " + server + ": " + e, Optional.empty());
        }
    }

    private Answer send(String path, byte[] body, String deviceId, String timestamp, String signature) throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.resolve(fullPath(path)).toURL().openConnection();
        if (pinnedTls != null && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(pinnedTls);
        }
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(REQUEST_TIMEOUT_MS);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Accept", "application/json");
        if (deviceId != null) {
            c.setRequestProperty(AgentProtocol.DEVICE_HEADER, deviceId);
            c.setRequestProperty(AgentProtocol.TIMESTAMP_HEADER, timestamp);
            c.setRequestProperty(AgentProtocol.SIGNATURE_HEADER, signature);
        }
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            // Reading the answer to its end (error stream included) lets the connection be reused.
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer;
            if (in == null) {
                answer = new byte[0];
            } else {
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new Answer(status, answer, c.getHeaderField("Retry-After"));
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
    }

    /** The path as the server receives it: the agent path under whatever path the server URL has. */
    private String fullPath(String path) {
        String base = server.getRawPath() == null ? "" : server.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + path;
    }
}
