package io.steward.agent.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchMessages;

/**
 * Reads apt's output: the simulated upgrade ({@code apt-get -s dist-upgrade}), whose {@code Inst} lines name each
 * upgrade with its installed and candidate version, the archives that carry the candidate and the architecture, and
 * whose "kept back" list names the upgrades apt would not do; {@code apt-mark showhold}; and {@code apt-cache policy}
 * for the candidates of kept-back packages.
 *
 * <p>Security: an update is a security update when one of the archives that carry its candidate is the distribution's
 * security archive, i.e. its suite ends in {@code -security} ({@code Debian-Security:12/stable-security},
 * {@code Ubuntu:24.04/noble-security}) or its origin is a security origin ({@code Debian-Security}). An update only
 * from the distribution's other archives (origin {@code Debian}, {@code Ubuntu}, …) is not one: the distribution
 * publishes its security fixes in the security archive. An update from anyone else's repository is "unknown": those
 * repositories do not say.
 */
public final class AptOutput {
    /** Origins of distributions that publish their security fixes in a separate security archive. */
    static final Set<String> DISTRIBUTIONS = Set.of("debian", "debian-security", "ubuntu", "ubuntuesm", "ubuntuesmapps", "raspbian", "devuan",
            "kali", "linuxmint");
    // Inst name [installed] (candidate origin1, origin2 [arch]) — the installed part is absent for new packages,
    // and apt may append " []" for broken ones.
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) (?:\\[([^\\]]+)\\] )?\\((\\S+) (.*?) ?\\[([^\\]]+)\\]\\)");

    private AptOutput() {
    }

    /** One {@code Inst} line that upgrades an installed package. */
    record Upgrade(String name, String installed, String candidate, List<String> origins, String arch) {
    }

    /** Upgrades of installed packages from a simulated dist-upgrade (new packages pulled in as dependencies are no updates). */
    static List<Upgrade> upgrades(String simulation) {
        List<Upgrade> out = new ArrayList<>();
        for (String line : simulation.split("\n")) {
            Matcher m = INST.matcher(line);
            if (m.find() && m.group(2) != null) {
                List<String> origins = new ArrayList<>();
                for (String o : m.group(4).split(",")) {
                    if (!o.isBlank()) {
                        origins.add(o.strip());
                    }
                }
                out.add(new Upgrade(m.group(1), m.group(2), m.group(3), origins, m.group(5)));
            }
        }
        return out;
    }

    /** The names under "The following packages have been kept back:" (indented lines until the next unindented one). */
    static Set<String> keptBack(String simulation) {
        Set<String> names = new LinkedHashSet<>();
        boolean in = false;
        for (String line : simulation.split("\n")) {
            if (line.startsWith("The following packages have been kept back")) {
                in = true;
            } else if (in && line.startsWith(" ")) {
                for (String n : line.strip().split("\\s+")) {
                    if (!n.isEmpty()) {
                        names.add(n);
                    }
                }
            } else {
                in = false;
            }
        }
        return names;
    }

    /** {@code apt-mark showhold}: one name a line. */
    static Set<String> holds(String showhold) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : showhold.split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    /** Installed and candidate version and where the candidate comes from, per package, from {@code apt-cache policy names…}. */
    record Policy(String installed, String candidate, List<String> origins) {
    }

    static Map<String, Policy> policies(String text) {
        Map<String, Policy> out = new LinkedHashMap<>();
        String name = null;
        String installed = null;
        String candidate = null;
        List<String> origins = new ArrayList<>();
        boolean inCandidate = false;
        for (String line : (text + "\nend:").split("\n")) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                if (name != null && installed != null && candidate != null) {
                    out.put(name, new Policy(installed, candidate, List.copyOf(origins)));
                }
                name = line.substring(0, line.length() - 1);
                installed = null;
                candidate = null;
                origins = new ArrayList<>();
                inCandidate = false;
                continue;
            }
            String t = line.strip();
            if (t.startsWith("Installed: ")) {
                installed = t.substring(11).strip();
            } else if (t.startsWith("Candidate: ")) {
                candidate = t.substring(11).strip();
            } else if (t.startsWith("Version table:")) {
                inCandidate = false;
            } else if (candidate != null && line.matches("^ (\\*\\*\\*| {3}) \\S+ -?\\d+$")) {
                inCandidate = t.replace("*** ", "").split(" ")[0].equals(candidate);
            } else if (inCandidate && t.matches("^-?\\d+ \\S+.*")) {
                // "500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages": keep the URI and the suite.
                String[] w = t.split("\\s+");
                if (w.length >= 3 && !w[1].startsWith("/")) {
                    origins.add(w[1] + " " + w[2]);
                }
            }
        }
        return out;
    }

    /** yes / no / unknown for an update carried by these archives (as the simulation or the policy names them). */
    static String security(List<String> origins) {
        boolean distribution = false;
        for (String origin : origins) {
            String o = origin.toLowerCase(Locale.ROOT);
            // "Debian-Security:12/stable-security", or "http://… bookworm-security/main" from apt-cache policy
            String suite = o.contains("/") ? o.substring(o.lastIndexOf('/') + 1) : o;
            String afterSpace = o.contains(" ") ? o.substring(o.indexOf(' ') + 1) : "";
            String policySuite = afterSpace.contains("/") ? afterSpace.substring(0, afterSpace.indexOf('/')) : afterSpace;
            String originName = o.contains(":") && !o.contains("://") ? o.substring(0, o.indexOf(':')) : "";
            if (suite.endsWith("-security") || policySuite.endsWith("-security") || originName.endsWith("-security")) {
                return PatchMessages.SECURITY_YES;
            }
            if (DISTRIBUTIONS.contains(originName) || o.contains("://deb.debian.org/") || o.contains("://archive.ubuntu.com/")
                    || o.contains(".archive.ubuntu.com/")) {
                distribution = true;
            }
        }
        return distribution ? PatchMessages.SECURITY_NO : PatchMessages.SECURITY_UNKNOWN;
    }
}
