package io.steward.server.patching.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.shared.InvalidInputException;

/**
 * What a scan must be to be stored: every list and text within bounds, every value from its set. An agent's bad input
 * is answered 400 with the field at fault, never stored in part.
 */
final class ScanCheck {
    static final List<String> MANAGERS = List.of("apt", "dnf", "windows-update");
    static final List<String> SECURITY = List.of(PatchMessages.SECURITY_YES, PatchMessages.SECURITY_NO, PatchMessages.SECURITY_UNKNOWN);
    static final int MAX_UPDATES = 20_000;
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._:~@-]{0,199}");

    private ScanCheck() {
    }

    static void check(PatchMessages.Scan s, Instant now) {
        if (s.manager() == null || !MANAGERS.contains(s.manager())) {
            throw new InvalidInputException("manager", "manager is apt, dnf or windows-update.");
        }
        if (s.scannedAt() <= 0 || Instant.ofEpochMilli(s.scannedAt()).isAfter(now.plus(Duration.ofDays(1)))) {
            throw new InvalidInputException("scannedAt", "scannedAt is the scan's end in epoch milliseconds, not in the future.");
        }
        if (s.error() != null && s.error().length() > 2000) {
            throw new InvalidInputException("error", "At most 2000 characters.");
        }
        List<String> reboots = s.rebootPackages() == null ? List.of() : s.rebootPackages();
        if (reboots.size() > 1000 || reboots.stream().anyMatch(p -> p == null || p.length() > 200)) {
            throw new InvalidInputException("rebootPackages", "At most 1000 package names of at most 200 characters.");
        }
        if (s.cost() != null && (s.cost().wallMillis() < 0 || s.cost().cpuMillis() < 0 || s.cost().maxRssKib() < 0)) {
            throw new InvalidInputException("cost", "Costs are not negative.");
        }
        if (s.updates() == null) {
            if (s.error() == null) {
                throw new InvalidInputException("updates", "A scan lists its updates (an empty list when there are none).");
            }
            return;
        }
        if (s.updates().size() > MAX_UPDATES) {
            throw new InvalidInputException("updates", "At most " + MAX_UPDATES + " updates in one scan.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.updates().size(); i++) {
            check(s.updates().get(i), "updates[" + i + "]", seen);
        }
    }

    private static void check(PatchMessages.Update u, String at, Set<String> seen) {
        if (u == null) {
            throw new InvalidInputException(at, "An update cannot be null.");
        }
        if (u.name() == null || !NAME.matcher(u.name()).matches()) {
            throw new InvalidInputException(at + ".name", "A package name (letters, digits and + . _ : ~ @ -, at most 200).");
        }
        text(u.arch(), at + ".arch", 32, false);
        text(u.installedVersion(), at + ".installedVersion", 200, false);
        text(u.candidateVersion(), at + ".candidateVersion", 200, true);
        text(u.origin(), at + ".origin", 300, false);
        text(u.severity(), at + ".severity", 32, false);
        if (u.security() == null || !SECURITY.contains(u.security())) {
            throw new InvalidInputException(at + ".security", "security is yes, no or unknown.");
        }
        List<String> cves = u.cves() == null ? List.of() : u.cves();
        if (cves.size() > 500 || cves.stream().anyMatch(c -> c == null || !CVE.matcher(c).matches())) {
            throw new InvalidInputException(at + ".cves", "CVE ids look like CVE-2026-12345 (at most 500).");
        }
        if (!seen.add(u.name() + "\0" + (u.arch() == null ? "" : u.arch()))) {
            throw new InvalidInputException(at, "The package " + u.name() + " is listed twice for the same architecture.");
        }
    }

    private static void text(String value, String field, int max, boolean required) {
        if (value == null ? required : value.length() > max || value.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, required && value == null ? "Required." : "At most " + max + " characters.");
        }
        if (required && value.isBlank()) {
            throw new InvalidInputException(field, "Required.");
        }
    }
}
