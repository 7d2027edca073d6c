package io.steward.server.alerting.internal.inbound;

import java.util.Locale;

/**
 * How an alert of another monitor ranks: its severity word (Alertmanager's {@code severity} label, the generic form's
 * {@code severity}; Uptime Kuma has none, a monitor down is critical) becomes CRITICAL, WARNING or INFO, and that, with
 * the matched device's criticality, the impact and urgency of its incident. The same ladder as Steward's own alerts:
 * critical starts at high impact, warning at medium, information at low; a critical or high device raises the impact a
 * step, a low one lowers it. Urgency: critical and warning are high (someone must look now), information medium.
 */
public final class InboundSeverity {
    public static final String CRITICAL = "CRITICAL";
    public static final String WARNING = "WARNING";
    public static final String INFO = "INFO";

    private static final String[] LEVELS = {"HIGH", "MEDIUM", "LOW"};

    private InboundSeverity() {
    }

    /**
     * The usual words of Prometheus rules and paging tools: critical, page, emergency, alert, fatal, error, high, p1 and p2
     * are critical; warning, warn, major, minor, medium, p3 and unknown words are warnings (a monitor said something is
     * wrong); info, informational, low, none, p4 and p5 are information. No word at all: {@code whenMissing}.
     */
    public static String normalise(String raw, String whenMissing) {
        if (raw == null || raw.isBlank()) {
            return whenMissing;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "crit", "page", "emergency", "alert", "fatal", "error", "high", "disaster", "p1", "p2" -> CRITICAL;
            case "info", "information", "informational", "notice", "low", "none", "debug", "ok", "p4", "p5" -> INFO;
            default -> WARNING;
        };
    }

    /** HIGH, MEDIUM or LOW: the incident's impact for a normalised severity on a device of that criticality (null: no device). */
    public static String impact(String severity, String criticality) {
        int rank = switch (severity) {
            case CRITICAL -> 1;
            case WARNING -> 2;
            default -> 3;
        };
        if ("CRITICAL".equals(criticality) || "HIGH".equals(criticality)) {
            rank = Math.max(1, rank - 1);
        } else if ("LOW".equals(criticality)) {
            rank = Math.min(3, rank + 1);
        }
        return LEVELS[rank - 1];
    }

    /** HIGH for critical and warning alerts, MEDIUM for information. */
    public static String urgency(String severity) {
        return INFO.equals(severity) ? "MEDIUM" : "HIGH";
    }
}
