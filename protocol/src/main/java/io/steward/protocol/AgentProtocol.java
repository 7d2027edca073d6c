package io.steward.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Constants and the canonical request form shared by the agent and the server. An agent signs
 * the canonical form of each request with its device key; the server rebuilds the same string
 * from what it received, so both sides must agree on it byte for byte.
 */
public final class AgentProtocol {
    /** The protocol version in every agent path. */
    public static final String VERSION = "v1";
    /** Path prefix of every agent request. */
    public static final String PATH_PREFIX = "/agent/" + VERSION;
    /** Enrollment: the one unsigned agent request, authenticated by the enrollment token in its body. */
    public static final String ENROLL_PATH = PATH_PREFIX + "/enroll";
    public static final String HEARTBEAT_PATH = PATH_PREFIX + "/heartbeat";
    public static final String INVENTORY_PATH = PATH_PREFIX + "/inventory";
    public static final String METRICS_PATH = PATH_PREFIX + "/metrics";
    /** The device id the request claims; the signature proves it. */
    public static final String DEVICE_HEADER = "X-Steward-Device";
    /** Epoch seconds when the agent signed; the server refuses more than {@link #MAX_SKEW_SECONDS} either way. */
    public static final String TIMESTAMP_HEADER = "X-Steward-Timestamp";
    /** Base64 Ed25519 signature of {@link #canonicalRequest}. */
    public static final String SIGNATURE_HEADER = "X-Steward-Signature";
    public static final long MAX_SKEW_SECONDS = 300;

    private AgentProtocol() {
    }

    /**
     * The string an agent signs: method, path, timestamp (epoch seconds) and the SHA-256 of the
     * body, one per line. The path is taken as sent, without query, and must already be canonical
     * (the server refuses non-canonical paths before it checks signatures).
     */
    public static String canonicalRequest(String method, String path, long epochSeconds, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.contains("?") || path.contains("\n")) {
            throw new IllegalArgumentException("path must be absolute, without query or line breaks: " + path);
        }
        return method.toUpperCase(Locale.ROOT) + "\n" + path + "\n" + epochSeconds + "\n" + sha256Hex(body == null ? new byte[0] : body);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
