package io.steward.server.alerting.internal.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.steward.server.shared.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the three inbound formats into {@link InboundAlert}s, refusing a body that lacks what an alert needs with the
 * field's path ({@code alerts[2].status}). The shapes are the senders' own:
 * <ul>
 * <li>Prometheus Alertmanager's webhook, payload version 4 (alertmanager notify/webhook {@code Message}): group fields
 * and {@code alerts[]} each with {@code status}, {@code labels}, {@code annotations}, {@code startsAt}, {@code endsAt},
 * {@code generatorURL}, {@code fingerprint};</li>
 * <li>Uptime Kuma's webhook notification (server/notification-providers/webhook.js, JSON body): {@code heartbeat}
 * ({@code status} 0 down, 1 up, 2 pending, 3 maintenance; {@code time} in UTC as {@code yyyy-MM-dd HH:mm:ss.SSS};
 * {@code msg}), {@code monitor} ({@code id}, {@code name}, {@code url}, {@code hostname}) and {@code msg}; its "test"
 * button sends both as null;</li>
 * <li>Steward's generic form: one alert object, or {@code {"alerts": [...]}} of them, with {@code fingerprint},
 * {@code status} (firing|resolved), {@code title}, {@code description}, {@code severity}, {@code host}, {@code startsAt}
 * and {@code endsAt} (RFC 3339).</li>
 * </ul>
 * A start later than {@code now} (a sender's clock ahead) is taken as now, so detection times are never negative.
 */
public final class InboundPayloads {
    /** More alerts than this in one request is refused: Alertmanager's max_alerts or a smaller group fits. */
    public static final int MAX_ALERTS = 500;

    private static final DateTimeFormatter KUMA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
    /** Go's zero time, which Alertmanager sends as endsAt of an alert with no known end. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private InboundPayloads() {
    }

    public static List<InboundAlert> alertmanager(JsonNode body, Instant now) {
        requireObject(body, "body");
        String version = text(body, "version");
        if (version == null) {
            throw new InvalidInputException("version", "version is required: Steward reads Alertmanager's webhook payload version 4.");
        }
        if (!"4".equals(version)) {
            throw new InvalidInputException("version", "Steward reads Alertmanager's webhook payload version 4, not " + version + ".");
        }
        JsonNode alerts = array(body, "alerts", "alerts");
        JsonNode common = body.path("commonLabels");
        List<InboundAlert> out = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            String at = "alerts[" + i + "]";
            JsonNode a = alerts.get(i);
            requireObject(a, at);
            boolean firing = status(a, at + ".status");
            JsonNode labels = a.path("labels");
            if (!labels.isObject()) {
                throw new InvalidInputException(at + ".labels", "labels is required (an object of label names to values).");
            }
            Instant startsAt = time(a, "startsAt", at + ".startsAt", true, now);
            Instant endsAt = time(a, "endsAt", at + ".endsAt", false, now);
            String fingerprint = text(a, "fingerprint");
            if (fingerprint == null) {
                // Alertmanager before 0.19 sent none: the label set identifies the alert just as well.
                fingerprint = labelsDigest(labels);
            }
            JsonNode annotations = a.path("annotations");
            String name = firstText(labels, "alertname");
            String summary = firstText(annotations, "summary", "message");
            String title = summary != null ? summary : name != null ? name : "Alert from Alertmanager";
            if (name != null && summary != null && !summary.contains(name)) {
                title = name + ": " + summary;
            }
            StringBuilder description = new StringBuilder();
            String text = firstText(annotations, "description");
            if (text != null) {
                description.append(text).append("\n\n");
            }
            description.append("Labels: ").append(flatten(labels));
            String link = text(a, "generatorURL");
            if (link != null) {
                description.append("\nSource: ").append(link);
            }
            String severity = InboundSeverity.normalise(firstText(labels, "severity", "priority") != null ? firstText(labels, "severity", "priority")
                    : firstText(common, "severity"), InboundSeverity.WARNING);
            List<String> hosts = hosts(firstText(labels, "instance"), firstText(labels, "hostname"), firstText(labels, "host"),
                    firstText(labels, "nodename"));
            out.add(new InboundAlert(clip(fingerprint, 200), firing, clip(title, 200), clip(description.toString(), 4000), severity, hosts,
                    startsAt, endsAt == null || !endsAt.isAfter(GO_ZERO) ? null : endsAt));
        }
        return out;
    }

    public static List<InboundAlert> uptimeKuma(JsonNode body, Instant now) {
        requireObject(body, "body");
        JsonNode heartbeat = body.path("heartbeat");
        JsonNode monitor = body.path("monitor");
        if ((heartbeat.isMissingNode() || heartbeat.isNull()) && (monitor.isMissingNode() || monitor.isNull())) {
            // The notification's "Test" button: nothing to open, but it shows the source is reachable.
            return List.of();
        }
        requireObject(heartbeat, "heartbeat");
        requireObject(monitor, "monitor");
        JsonNode status = heartbeat.path("status");
        if (!status.isIntegralNumber()) {
            throw new InvalidInputException("heartbeat.status", "heartbeat.status is required: 0 (down) or 1 (up).");
        }
        int code = status.asInt();
        if (code != 0 && code != 1) {
            // Pending (2) and maintenance (3) are no verdict yet: the next down or up says what happened.
            return List.of();
        }
        String id = monitor.path("id").isNumber() || monitor.path("id").isString() ? monitor.path("id").asString() : null;
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("monitor.id", "monitor.id is required.");
        }
        String rawTime = text(heartbeat, "time");
        if (rawTime == null) {
            throw new InvalidInputException("heartbeat.time", "heartbeat.time is required.");
        }
        Instant at;
        try {
            at = LocalDateTime.parse(rawTime, KUMA_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            at = parseTime(rawTime, "heartbeat.time");
        }
        at = at.isAfter(now) ? now : at;
        String name = text(monitor, "name");
        String monitorName = name != null ? name : "monitor " + id;
        String message = text(heartbeat, "msg") != null ? text(heartbeat, "msg") : text(body, "msg");
        String url = text(monitor, "url");
        String description = (message == null ? "" : message + "\n\n") + "Uptime Kuma monitor " + monitorName
                + (url != null && !"https://".equals(url) ? " (" + url + ")" : "");
        List<String> hosts = hosts(text(monitor, "hostname"), url);
        boolean firing = code == 0;
        return List.of(new InboundAlert("monitor-" + clip(id, 100), firing, clip(monitorName + " is down", 200), clip(description, 4000),
                InboundSeverity.CRITICAL, hosts, at, firing ? null : at));
    }

    public static List<InboundAlert> generic(JsonNode body, Instant now) {
        requireObject(body, "body");
        List<InboundAlert> out = new ArrayList<>();
        if (body.has("alerts")) {
            JsonNode alerts = array(body, "alerts", "alerts");
            for (int i = 0; i < alerts.size(); i++) {
                out.add(genericOne(alerts.get(i), "alerts[" + i + "].", now));
            }
        } else {
            out.add(genericOne(body, "", now));
        }
        return out;
    }

    private static InboundAlert genericOne(JsonNode a, String at, Instant now) {
        requireObject(a, at.isEmpty() ? "body" : at.substring(0, at.length() - 1));
        String fingerprint = text(a, "fingerprint");
        if (fingerprint == null || fingerprint.length() > 200) {
            throw new InvalidInputException(at + "fingerprint", "fingerprint is required (1 to 200 characters): it names the alert at the source.");
        }
        boolean firing = status(a, at + "status");
        String title = text(a, "title");
        if (title == null && firing) {
            throw new InvalidInputException(at + "title", "title is required for a firing alert.");
        }
        Instant startsAt = time(a, "startsAt", at + "startsAt", false, now);
        Instant endsAt = time(a, "endsAt", at + "endsAt", false, now);
        String description = text(a, "description");
        return new InboundAlert(fingerprint, firing, clip(title == null ? fingerprint : title, 200), clip(description == null ? "" : description, 4000),
                InboundSeverity.normalise(text(a, "severity"), InboundSeverity.WARNING), hosts(text(a, "host")), startsAt == null ? now : startsAt,
                endsAt);
    }

    private static boolean status(JsonNode a, String field) {
        String s = text(a, "status");
        if ("firing".equals(s)) {
            return true;
        }
        if ("resolved".equals(s)) {
            return false;
        }
        throw new InvalidInputException(field, s == null ? "status is required: firing or resolved."
                : "status is firing or resolved, not " + clip(s, 40) + ".");
    }

    private static Instant time(JsonNode a, String name, String field, boolean required, Instant now) {
        String s = text(a, name);
        if (s == null) {
            if (required) {
                throw new InvalidInputException(field, name + " is required (RFC 3339, e.g. 2026-01-31T22:15:00Z).");
            }
            return null;
        }
        Instant t = parseTime(s, field);
        return t.isAfter(now) ? now : t;
    }

    private static Instant parseTime(String s, String field) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " is not a time Steward reads (RFC 3339, e.g. 2026-01-31T22:15:00Z).");
        }
    }

    private static List<String> hosts(String... candidates) {
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            String h = AlertHosts.hostOf(c);
            if (h != null && !out.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    private static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(field, field + " must be a JSON object.");
        }
    }

    private static JsonNode array(JsonNode body, String name, String field) {
        JsonNode a = body.path(name);
        if (!a.isArray()) {
            throw new InvalidInputException(field, field + " is required (an array of alerts).");
        }
        if (a.size() > MAX_ALERTS) {
            throw new InvalidInputException(field, "At most " + MAX_ALERTS + " alerts in one request.");
        }
        return a;
    }

    /** A string or number field, stripped; null when missing, null, blank or of another kind. */
    private static String text(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (!(v.isString() || v.isNumber())) {
            return null;
        }
        String s = v.asString().replace("\u0000", "").strip();
        return s.isEmpty() ? null : s;
    }

    private static String firstText(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String n : names) {
            String s = text(node, n);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static String flatten(JsonNode labels) {
        Map<String, String> sorted = new TreeMap<>();
        labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()));
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String labelsDigest(JsonNode labels) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(flatten(labels).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max} characters, without NUL (which PostgreSQL text cannot hold). */
    private static String clip(String s, int max) {
        String clean = s.replace("\u0000", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
