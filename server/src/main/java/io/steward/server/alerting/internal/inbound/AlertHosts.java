package io.steward.server.alerting.internal.inbound;

import java.util.Locale;

/**
 * The host name an alert names, as a device's hostname is compared with it: Prometheus' {@code instance} label is
 * {@code host:port} (or {@code [v6]:port}), Uptime Kuma's monitor has a URL or a hostname, the generic form a host. A
 * fully qualified name also matches a device known by its first label ({@code web1.example.com} is {@code web1}).
 */
public final class AlertHosts {
    private AlertHosts() {
    }

    /** The host part of {@code host}, {@code host:port}, {@code [v6]:port} or a URL, lower-cased; null when there is none. */
    public static String hostOf(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        int scheme = s.indexOf("://");
        if (scheme > 0) {
            s = s.substring(scheme + 3);
            int end = indexOfAny(s, "/?#");
            if (end >= 0) {
                s = s.substring(0, end);
            }
            int at = s.lastIndexOf('@');
            if (at >= 0) {
                s = s.substring(at + 1);
            }
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            s = close > 0 ? s.substring(1, close) : s.substring(1);
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
            // One colon: host:port. Several without brackets: a bare IPv6 address, kept whole.
            s = s.substring(0, s.indexOf(':'));
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() || s.length() > 255 ? null : s;
    }

    /** The first label of a dotted name, or the name itself (an IP address is kept whole). */
    public static String shortName(String host) {
        if (host == null || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)) || host.contains(":")) {
            return host;
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
