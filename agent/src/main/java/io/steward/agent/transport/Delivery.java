package io.steward.agent.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one attempt to hand a request to the server, decided from the HTTP status:
 * taken (2xx, and 409 because the server already has that seq), worth retrying later
 * (no answer, 408, 429, 5xx) or refused for good (every other 4xx: sending it again would be
 * refused again, so the batch is dropped and the reason logged).
 */
public sealed interface Delivery {
    /** The server has it; {@code body} is its answer (empty for 409). */
    record Delivered(int status, byte[] body) implements Delivery {
    }

    /** Try again later; the server may have said when. */
    record Retry(String reason, Optional<Duration> retryAfter) implements Delivery {
    }

    /** Never send this again. */
    record Refused(int status, String reason) implements Delivery {
    }

    static Delivery fromStatus(int status, byte[] body, Optional<Duration> retryAfter) {
        if (status >= 200 && status < 300) {
            return new Delivered(status, body);
        }
        if (status == 409) {
            return new Delivered(status, new byte[0]);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Retry("server answered " + status, retryAfter);
        }
        return new Refused(status, "server answered " + status + describe(status) + problemDetail(body));
    }

    private static String describe(int status) {
        return switch (status) {
            case 401 -> " (signature or clock rejected: check the device key and the system clock)";
            case 403 -> " (device pending approval or retired)";
            case 413 -> " (batch too large)";
            default -> "";
        };
    }

    /** The server's problem+json (or whatever it sent), on one line and shortened, for log lines. */
    static String problemDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
}
