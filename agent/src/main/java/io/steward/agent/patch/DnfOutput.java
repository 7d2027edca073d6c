package io.steward.agent.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchMessages;

/**
 * Reads dnf's output: {@code dnf check-update} (the available updates, {@code name.arch version-release repo}),
 * {@code rpm -qa} with a fixed query format (installed versions), {@code dnf updateinfo list} (the available
 * advisories, their type and severity per package, e.g. {@code RHSA-2024:3339 Important/Sec. glibc-2.34-100.el9_4.2.x86_64})
 * and {@code dnf updateinfo info --security} (each advisory's CVE ids).
 *
 * <p>Security: an update is a security update when an available security advisory names its package; it is not one
 * when only other advisories (bugfix, enhancement) name it; and "unknown" when no advisory names it, as on
 * repositories that publish no updateinfo at all (CentOS Stream, many third-party ones).
 */
public final class DnfOutput {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final List<String> SEVERITIES = List.of("low", "moderate", "important", "critical");

    private DnfOutput() {
    }

    /** One line of {@code check-update}. */
    record Available(String name, String arch, String version, String repo) {
    }

    /** The available updates; a name too long for its column wraps its version and repository onto the next line. */
    static List<Available> checkUpdate(String text) {
        List<Available> out = new ArrayList<>();
        String pending = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("Obsoleting Packages") || line.startsWith("Security:")) {
                break;
            }
            if (line.isEmpty() || line.startsWith("Last metadata expiration check")) {
                pending = null;
                continue;
            }
            if (pending != null) {
                line = pending + " " + line;
                pending = null;
            }
            String[] w = SPACES.split(line);
            if (w.length == 1 && w[0].contains(".")) {
                pending = w[0];
                continue;
            }
            if (w.length != 3 || w[0].lastIndexOf('.') <= 0 || !Character.isDigit(w[1].charAt(0))) {
                continue;
            }
            int dot = w[0].lastIndexOf('.');
            out.add(new Available(w[0].substring(0, dot), w[0].substring(dot + 1), w[1], w[2]));
        }
        return out;
    }

    /** {@code rpm -qa --qf '%{NAME}.%{ARCH} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\n'}: installed version by name.arch (the last listed when several, as for kernels). */
    static Map<String, String> installed(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] w = SPACES.split(line.strip());
            if (w.length == 2) {
                out.merge(w[0], w[1], (a, b) -> b);
            }
        }
        return out;
    }

    /** An available advisory for one package: its id, type ({@code security}, {@code bugfix}, …) and severity (lower case, "" when none). */
    record Advisory(String id, String type, String severity) {
    }

    /** {@code dnf updateinfo list}: advisories by package {@code name.arch}. */
    static Map<String, List<Advisory>> advisories(String text) {
        Map<String, List<Advisory>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] w = SPACES.split(line.strip());
            if (w.length != 3 || line.startsWith("Last metadata") || w[2].lastIndexOf('.') <= 0) {
                continue;
            }
            String label = w[1];
            String type;
            String severity = "";
            if (label.endsWith("/Sec.")) {
                type = "security";
                String s = label.substring(0, label.length() - 5).toLowerCase(Locale.ROOT);
                severity = SEVERITIES.contains(s) ? s : "";
            } else {
                type = label.toLowerCase(Locale.ROOT);
            }
            String nevra = w[2];
            int dot = nevra.lastIndexOf('.');
            String arch = nevra.substring(dot + 1);
            String nevr = nevra.substring(0, dot);
            int release = nevr.lastIndexOf('-');
            int version = release > 0 ? nevr.lastIndexOf('-', release - 1) : -1;
            if (version <= 0) {
                continue;
            }
            out.computeIfAbsent(nevr.substring(0, version) + "." + arch, k -> new ArrayList<>()).add(new Advisory(w[0], type, severity));
        }
        return out;
    }

    /** {@code dnf updateinfo info --security}: CVE ids by advisory id (from the {@code CVEs:} field and its continuation lines). */
    static Map<String, List<String>> cves(String text) {
        Map<String, List<String>> out = new HashMap<>();
        String advisory = null;
        boolean inCves = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            String key = colon >= 0 ? line.substring(0, colon).strip() : "";
            String value = colon >= 0 ? line.substring(colon + 1).strip() : "";
            if (key.equals("Update ID")) {
                advisory = value;
                inCves = false;
            } else if (key.equals("CVEs") && advisory != null) {
                inCves = true;
                out.computeIfAbsent(advisory, k -> new ArrayList<>()).add(value);
            } else if (key.isEmpty() && colon >= 0 && inCves && advisory != null) {
                out.get(advisory).add(value);
            } else {
                inCves = false;
            }
        }
        return out;
    }

    /** The updates, classified from the advisories (see the class comment). */
    static List<PatchMessages.Update> updates(List<Available> available, Map<String, String> installed, Map<String, List<Advisory>> advisories,
                                              Map<String, List<String>> cves) {
        List<PatchMessages.Update> out = new ArrayList<>();
        for (Available a : available) {
            List<Advisory> those = advisories.getOrDefault(a.name() + "." + a.arch(), List.of());
            String security = those.isEmpty() ? PatchMessages.SECURITY_UNKNOWN : PatchMessages.SECURITY_NO;
            String severity = "";
            Set<String> ids = new LinkedHashSet<>();
            for (Advisory adv : those) {
                if (adv.type().equals("security")) {
                    security = PatchMessages.SECURITY_YES;
                    if (SEVERITIES.indexOf(adv.severity()) > SEVERITIES.indexOf(severity)) {
                        severity = adv.severity();
                    }
                    ids.addAll(cves.getOrDefault(adv.id(), List.of()));
                }
            }
            out.add(new PatchMessages.Update(a.name(), a.arch(), installed.getOrDefault(a.name() + "." + a.arch(), ""), a.version(), a.repo(), security,
                    severity, List.copyOf(ids), false));
        }
        return out;
    }
}
