package io.steward.agent.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.protocol.PinnedCertificateTrust;

/**
 * The agent's HTTP side of protocol v1 over {@code java.net.http}: the unsigned enrollment and
 * signed POSTs. Bodies go uncompressed: {@code Content-Encoding: gzip} is optional in the
 * contract, and the batches are small enough that plain JSON keeps the signed bytes and the
 * received bytes trivially the same. For {@code https} with a fingerprint the server
 * certificate is pinned; plain {@code http} is meant for loopback tests only.
 *
 * <p>A POST is never resent by the HTTP client itself: the agent decides about resending
 * (spool, backoff, Retry-After), and a heartbeat resent behind its back would reach the server
 * as a replayed sequence number.
 */
public final class AgentHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    static {
        // java.net.http resends only idempotent methods when a pooled connection turns out to be
        // closed, unless this property says otherwise; it is pinned so no JVM option can turn
        // silent POST retries on. Read once when the client classes load, i.e. after this.
        System.setProperty("jdk.httpclient.enableAllMethodRetry", "false");
    }

    private final URI server;
    private final HttpClient client;
    private final Clock clock;

    public AgentHttp(URI server, Optional<String> fingerprint, Clock clock) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the server URL must be http(s)://…, got " + server);
        }
        this.server = server;
        this.clock = clock;
        // HTTP/1.1: one small request at a time needs no multiplexing, and not offering h2 keeps
        // the HTTP/2 classes of java.net.http unloaded (agent footprint).
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (scheme.equals("https") && fingerprint.isPresent()) {
            b.sslContext(new PinnedCertificateTrust(fingerprint.get()).sslContext());
        }
        this.client = b.build();
    }

    /** Thrown when the server refuses an enrollment or cannot be reached; the message says which. */
    public static final class EnrollmentFailed extends RuntimeException {
        public EnrollmentFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Messages.EnrollResponse enroll(Messages.EnrollRequest request) {
        byte[] body = AgentJson.write(request);
        HttpResponse<byte[]> response;
        try {
            response = client.send(requestTo(AgentProtocol.ENROLL_PATH, body).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new EnrollmentFailed("cannot reach " + server + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentFailed("interrupted while enrolling", e);
        }
        int status = response.statusCode();
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
        HttpRequest request = requestTo(path, body)
                .header(AgentProtocol.DEVICE_HEADER, deviceId)
                .header(AgentProtocol.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(AgentProtocol.SIGNATURE_HEADER, signature)
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Optional<Duration> retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
            return Delivery.fromStatus(response.statusCode(), response.body(), retryAfter);
        } catch (IOException e) {
            return new Delivery.Retry("cannot reach " + server + ": " + e, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Retry("interrupted", Optional.empty());
        }
    }

    /**
     * GETs a file from the same server (a path on it, never another host) into {@code target}, at most
     * {@code maxBytes}, and returns its SHA-256. What it is, is decided by the caller's check of the digest.
     *
     * @throws IOException when the server does not answer 200, the file is larger than allowed, or the network fails
     */
    public byte[] download(String path, java.nio.file.Path target, long maxBytes) throws IOException, InterruptedException {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("..")) {
            throw new IOException("not a path on the server: " + path);
        }
        HttpRequest request = HttpRequest.newBuilder(server.resolve(fullPath(path))).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = response.body();
             java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
            if (response.statusCode() != 200) {
                throw new IOException("download of " + path + " answered " + response.statusCode());
            }
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("download of " + path + " is larger than " + maxBytes + " bytes");
                }
                md.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder requestTo(String path, byte[] body) {
        return HttpRequest.newBuilder(server.resolve(fullPath(path)))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /**
     * Opens the protocol v2 stream ({@link io.steward.protocol.stream.StreamProtocol#PATH}) on the same server, through the
     * same client and so the same pinned TLS trust: {@code wss://} for an {@code https} server, {@code ws://} for
     * {@code http}. The future fails with a {@link java.net.http.WebSocketHandshakeException} when the server answers the
     * upgrade with anything but 101 (an older server: 404).
     */
    public java.util.concurrent.CompletableFuture<java.net.http.WebSocket> openStream(java.net.http.WebSocket.Listener listener) {
        String scheme = "https".equalsIgnoreCase(server.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + server.getRawAuthority() + fullPath(io.steward.protocol.stream.StreamProtocol.PATH));
        return client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, listener);
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
