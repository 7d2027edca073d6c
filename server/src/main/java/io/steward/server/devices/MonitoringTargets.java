package io.steward.server.devices;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which monitoring settings an agent may be sent: how often it reports, which hosts it
 * pings, which URLs it fetches and which systemd units it asks about. Everything here ends up as
 * an argument of a probe on a client's machine (never a shell string), and as the instance of a
 * metric, so the rules are strict: plain host names or IP literals, http/https URLs without
 * credentials, unit names that cannot pass for a command-line option, and bounded lists.
 * Pure and without Spring, so it can be tested on its own.
 */
public final class MonitoringTargets {
    public static final int DEFAULT_METRICS_SECONDS = 60;
    public static final int MIN_METRICS_SECONDS = 10;
    public static final int MAX_METRICS_SECONDS = 3600;
    public static final int MIN_HEARTBEAT_SECONDS = 5;
    public static final int MAX_HOSTS = 20;
    public static final int MAX_HTTP_CHECKS = 20;
    public static final int MAX_SERVICES = 50;
    /** A metric instance holds at most 255 characters, and the URL is the instance of its check. */
    public static final int MAX_URL_LENGTH = 255;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:][0-9a-f:.]{1,44}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    /** systemd's unit name alphabet; the first character is never '-', so a name cannot be read as an option. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_@:\\\\][A-Za-z0-9_@:.\\\\-]{0,255}");

    private MonitoringTargets() {
    }

    /** What was asked for, as typed; null numbers mean "the default". */
    public record Request(Integer metricsSeconds, Integer heartbeatSeconds, List<String> pingHosts, List<MonitoringSettings.HttpCheck> httpChecks,
                          List<String> services) {
    }

    /** The settings to store: trimmed, host names in lower case, duplicates removed, the order kept. */
    public record Accepted(int metricsSeconds, Integer heartbeatSeconds, List<String> pingHosts, List<MonitoringSettings.HttpCheck> httpChecks,
                           List<String> services) {
    }

    /** The settings, or field errors: field name to a sentence that names the bad value. */
    public record Verdict(Accepted accepted, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * @param serverHeartbeatSeconds the server's heartbeat setting: a device counts as offline after three of those
     *                               without a heartbeat, so a client may ask for more frequent heartbeats, never rarer
     */
    public static Verdict check(Request r, int serverHeartbeatSeconds) {
        Map<String, String> errors = new LinkedHashMap<>();
        int metrics = r.metricsSeconds() == null ? DEFAULT_METRICS_SECONDS : r.metricsSeconds();
        if (metrics < MIN_METRICS_SECONDS || metrics > MAX_METRICS_SECONDS) {
            errors.put("metricsSeconds", "Metrics go out every " + MIN_METRICS_SECONDS + " to " + MAX_METRICS_SECONDS + " seconds.");
        }
        Integer heartbeat = r.heartbeatSeconds();
        if (heartbeat != null && (heartbeat < MIN_HEARTBEAT_SECONDS || heartbeat > serverHeartbeatSeconds)) {
            errors.put("heartbeatSeconds", "Heartbeats go out every " + MIN_HEARTBEAT_SECONDS + " to " + serverHeartbeatSeconds
                    + " seconds (the server's setting, after three of which a silent device counts as offline); leave it empty for that.");
        }
        List<String> hosts = new ArrayList<>(new LinkedHashSet<>(listed(r.pingHosts(), "pingHosts", MAX_HOSTS, "hosts", errors,
                MonitoringTargets::hostProblem, MonitoringTargets::normalHost)));
        List<MonitoringSettings.HttpCheck> checks = new ArrayList<>();
        List<MonitoringSettings.HttpCheck> askedChecks = r.httpChecks() == null ? List.of() : r.httpChecks();
        if (askedChecks.size() > MAX_HTTP_CHECKS) {
            errors.put("httpChecks", "At most " + MAX_HTTP_CHECKS + " HTTP checks.");
        } else {
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            for (MonitoringSettings.HttpCheck c : askedChecks) {
                String url = c == null || c.url() == null ? "" : c.url().strip();
                String problem = urlProblem(url);
                int expected = c == null || c.expectedStatus() == null ? 200 : c.expectedStatus();
                if (problem == null && (expected < 100 || expected > 599)) {
                    problem = "The expected status of " + url + " is not an HTTP status (100 to 599).";
                }
                if (problem != null) {
                    errors.putIfAbsent("httpChecks", problem);
                } else if (seen.add(url + " " + expected)) {
                    checks.add(new MonitoringSettings.HttpCheck(url, expected));
                }
            }
        }
        List<String> services = new ArrayList<>(new LinkedHashSet<>(listed(r.services(), "services", MAX_SERVICES, "services", errors,
                MonitoringTargets::unitProblem, s -> s)));
        return new Verdict(errors.isEmpty() ? new Accepted(metrics, heartbeat, List.copyOf(hosts), List.copyOf(checks), List.copyOf(services)) : null,
                Map.copyOf(errors));
    }

    private static List<String> listed(List<String> values, String field, int max, String what, Map<String, String> errors,
                                       java.util.function.Function<String, String> problemOf, java.util.function.UnaryOperator<String> normal) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        if (values.size() > max) {
            errors.put(field, "At most " + max + " " + what + ".");
            return out;
        }
        for (String v : values) {
            String value = v == null ? "" : v.strip();
            String problem = problemOf.apply(value);
            if (problem != null) {
                errors.putIfAbsent(field, problem);
            } else {
                out.add(normal.apply(value));
            }
        }
        return out;
    }

    /** Why {@code host} is not a host name, IPv4 or IPv6 literal, or null when it is one. */
    public static String hostProblem(String host) {
        if (host == null || host.isEmpty()) {
            return "Enter a host name or an IP address, not an empty line.";
        }
        String h = host.toLowerCase(Locale.ROOT);
        String shown = shown(host);
        if (h.length() > 253) {
            return "'" + shown + "' is longer than a host name can be.";
        }
        if (h.contains(":")) {
            return ipv6(h) ? null : "'" + shown + "' is not an IPv6 address.";
        }
        if (DIGITS_AND_DOTS.matcher(h).matches()) {
            return IPV4.matcher(h).matches() ? null : "'" + shown + "' is not an IPv4 address.";
        }
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (name.isEmpty()) {
            return "'" + shown + "' is not a host name.";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "'" + shown + "' is not a host name or IP address (letters, digits, hyphens and dots only).";
            }
        }
        // The top label starts with a letter (RFC 2396), which keeps names apart from IPv4 addresses and lets URLs carry them.
        if (!Character.isLetter(labels[labels.length - 1].charAt(0))) {
            return "'" + shown + "' is not a host name (the last part starts with a letter) or IP address.";
        }
        return null;
    }

    private static boolean ipv6(String h) {
        String literal = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (!IPV6_CHARS.matcher(literal).matches()) {
            return false;
        }
        try {
            // A string that starts with a hex digit or colon and has a colon is parsed as a literal, never looked up in DNS.
            return InetAddress.getByName(literal) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.length() > 1 && h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Why {@code url} is not an absolute http(s) URL with a valid host and no credentials, or null when it is one. */
    public static String urlProblem(String url) {
        if (url == null || url.isEmpty()) {
            return "Enter a URL, not an empty line.";
        }
        String shown = shown(url);
        if (url.length() > MAX_URL_LENGTH) {
            return "'" + shown + "' is longer than " + MAX_URL_LENGTH + " characters.";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "'" + shown + "' is not a valid URL.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "'" + shown + "' must start with http:// or https://.";
        }
        if (uri.getRawUserInfo() != null) {
            return "'" + shown + "' carries a user name or password; checks fetch public health pages without credentials.";
        }
        if (uri.getHost() == null || hostProblem(uri.getHost()) != null) {
            return "'" + shown + "' has no valid host name.";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "'" + shown + "' has no valid port.";
        }
        if (uri.getRawFragment() != null) {
            return "'" + shown + "' has a #fragment, which a server never sees; leave it out.";
        }
        return null;
    }

    /** Why {@code unit} is not a systemd unit name, or null when it is one. */
    public static String unitProblem(String unit) {
        if (unit == null || unit.isEmpty()) {
            return "Enter a service name, not an empty line.";
        }
        return UNIT.matcher(unit).matches() ? null
                : "'" + shown(unit) + "' is not a systemd unit name (letters, digits, and _ @ : . - \\, not starting with -).";
    }

    private static String shown(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
