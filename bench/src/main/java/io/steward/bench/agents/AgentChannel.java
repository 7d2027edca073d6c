package io.steward.bench.agents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;

/**
 * Protocol v1 for many simulated devices over one {@link HttpClient}: the unsigned enrollment
 * and signed POSTs, signed exactly as the real agent signs (method, path, timestamp, body digest).
 * HTTP/1.1 on purpose: the number of connections then equals the callers' concurrency, which the
 * commands bound, and the server sees what the real agent sends. The client's own tasks run on
 * virtual threads, so however many devices there are, the simulator starts few OS threads.
 */
final class AgentChannel implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One answer; {@code status} -1 when the server could not be reached (then {@code body} says why). */
    record Answer(int status, String body, long nanos, long retryAfterSeconds) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** A device the server enrolled. */
    record Enrolled(String deviceId, String status, PrivateKey key, String hostname, int heartbeatSeconds) {
    }

    private final URI server;
    private final String basePath;
    private final HttpClient client;

    AgentChannel(URI server, String fingerprint, boolean insecure) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("the server URL must be http(s)://…, got " + server);
        }
        this.server = server;
        String base = server.getRawPath() == null ? "" : server.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.basePath = base;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        trust(b, server, fingerprint, insecure);
        this.client = b.build();
    }

    /**
     * The agent's TLS trust on a client builder: the pinned certificate, or with {@code insecure} any, or neither (the JDK's
     * default trust, for a server with a certificate from a public CA); nothing for plain http(s) or ws(s).
     */
    static HttpClient.Builder trust(HttpClient.Builder b, URI server, String fingerprint, boolean insecure) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("wss")) {
            if (fingerprint != null && !fingerprint.isBlank()) {
                b.sslContext(new io.steward.protocol.PinnedCertificateTrust(fingerprint).sslContext());
            } else if (insecure) {
                b.sslContext(ServerTrust.anyCertificate());
            }
        }
        return b;
    }

    /** The base path of the server URL, without a trailing slash (empty for the root). */
    String basePath() {
        return basePath;
    }

    /** Enrolls a fresh key pair under {@code hostname}; an IllegalStateException says why the server refused. */
    Enrolled enroll(String token, String hostname) {
        KeyPair pair = DeviceKeys.generate();
        String body = "{\"token\":" + quote(token) + ",\"publicKey\":" + quote(DeviceKeys.encodePublic(pair.getPublic()))
                + ",\"hostname\":" + quote(hostname) + ",\"os\":\"Linux 6.1.0-bench x86_64\",\"agentVersion\":\"steward-bench\"}";
        Answer a = send(AgentProtocol.ENROLL_PATH, body.getBytes(StandardCharsets.UTF_8), Map.of());
        // A busy server (429, 503, unreachable for a moment) does not end a run of thousands of enrollments: retried a few times.
        for (int attempt = 1; attempt < 5 && (a.status() == 429 || a.status() == 503 || a.status() == -1); attempt++) {
            try {
                Thread.sleep(Duration.ofSeconds(a.retryAfterSeconds() > 0 ? Math.min(30, a.retryAfterSeconds()) : attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            a = send(AgentProtocol.ENROLL_PATH, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }
        if (a.status() != 201 && a.status() != 200) {
            throw new IllegalStateException("enrollment of " + hostname + " refused: " + a.status() + " " + MiniJson.abbreviate(a.body()));
        }
        Map<String, Object> json = MiniJson.object(a.body());
        Object heartbeat = json.get("heartbeatSeconds");
        return new Enrolled((String) json.get("deviceId"), (String) json.get("status"), pair.getPrivate(), hostname,
                heartbeat instanceof Double d ? d.intValue() : 30);
    }

    /** POSTs {@code body} to an agent path, signed by the device's key at the current second. */
    Answer post(String path, byte[] body, String deviceId, PrivateKey key) {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = sign(key, AgentProtocol.canonicalRequest("POST", basePath + path, timestamp, body));
        return send(path, body, Map.of(AgentProtocol.DEVICE_HEADER, deviceId, AgentProtocol.TIMESTAMP_HEADER, Long.toString(timestamp),
                AgentProtocol.SIGNATURE_HEADER, signature));
    }

    private final java.util.concurrent.ConcurrentHashMap<PrivateKey, org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters> signers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The same signature as {@link DeviceKeys#sign} (Ed25519 is deterministic: same key and message, same
     * bytes), computed with Bouncy Castle and the public half kept per key, so that the simulator spends
     * less of the shared cores on signing than the JDK's implementation would.
     */
    String sign(PrivateKey key, String canonicalRequest) {
        var signer = signers.computeIfAbsent(key, k -> {
            byte[] pkcs8 = k.getEncoded();
            return new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(pkcs8, pkcs8.length - 32);
        });
        byte[] message = AgentProtocol.utf8(canonicalRequest);
        byte[] signature = new byte[org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        signer.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        return java.util.Base64.getEncoder().encodeToString(signature);
    }

    /** GET with the API token, for the probe's polling of the public API (which both connectors serve). */
    Answer get(URI url, String bearer) {
        HttpRequest r = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), System.nanoTime() - start, -1);
        } catch (IOException e) {
            return new Answer(-1, e.toString(), System.nanoTime() - start, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", System.nanoTime() - start, -1);
        }
    }

    private Answer send(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.resolve(basePath + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(r::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            return new Answer(response.statusCode(), response.body(), nanos,
                    retryAfterSeconds(response.headers().firstValue("Retry-After").orElse(null)));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), System.nanoTime() - start, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", System.nanoTime() - start, -1);
        }
    }

    /** Delay seconds of a Retry-After header; -1 when absent or not a number (an HTTP date is treated as absent). */
    static long retryAfterSeconds(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
