package io.steward.protocol.stream;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Protocol v2: one long-lived WebSocket (RFC 6455) per agent over the same pinned TLS as v1, carrying CBOR frames
 * ({@link StreamFrame}). The connection is authenticated once: the server opens with a fresh random challenge, the agent
 * answers with a hello signed by its device key over {@link #helloText}, and from then on every frame on that TLS
 * connection is the device's (TLS protects each frame against tampering and replay). Metric names are declared once per
 * connection and batches refer to them by number. A batch is acknowledged only after its transaction committed; batches
 * keep the agent's sequence numbers, so a resend after a broken connection is stored once. Heartbeats ride on the
 * connection as {@link StreamFrame.Alive} frames, answered with a {@link StreamFrame.Status} whose plan digest tells the
 * agent when to fetch its plan with a v1 heartbeat.
 */
public final class StreamProtocol {
    /** The upgrade path on the agent port. */
    public static final String PATH = "/agent/v2/stream";
    /** The largest frame either side accepts; a larger one closes the connection (1009). */
    public static final int MAX_FRAME_BYTES = 512 * 1024;
    /** Samples in one batch, as in protocol v1. */
    public static final int MAX_SAMPLES = 5000;
    /** Series one connection may declare. */
    public static final int MAX_SERIES = 4096;
    /** Length of the server's challenge. */
    public static final int NONCE_BYTES = 32;
    /** How long the server waits for a valid hello before it closes the connection. */
    public static final long HELLO_TIMEOUT_MILLIS = 10_000;

    /** Close codes (RFC 6455 private range 4000-4999, plus the standard ones the server uses). */
    public static final int CLOSE_UNAUTHENTICATED = 4401;
    public static final int CLOSE_FORBIDDEN = 4403;
    public static final int CLOSE_MALFORMED = 1007;
    public static final int CLOSE_POLICY = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_GOING_AWAY = 1001;

    private StreamProtocol() {
    }

    /**
     * What the hello signs: a fixed label, the device id and the server's challenge. The label keeps a hello signature
     * from being anything a v1 request signature could be (those begin with an HTTP method), and the challenge is fresh
     * per connection, so a hello cannot be replayed on another connection.
     */
    public static String helloText(String deviceId, byte[] nonce) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(nonce, "nonce");
        return "steward-stream-v2\n" + deviceId + "\n" + HexFormat.of().formatHex(nonce);
    }
}
