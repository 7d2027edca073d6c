package io.steward.protocol.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Installing updates is a signed task like any other, of the built-in interpreter {@link #INTERPRETER}: the script's
 * body is the fixed text {@link #BODY} (so its SHA-256 never changes and a standard change can name it), and what to do
 * travels in the task's signed parameters:
 * <ul>
 *   <li>{@link #PACKAGES}: the exact updates, {@code name=version} separated by spaces, in name order;</li>
 *   <li>{@link #SCOPE}: {@code approved} (exactly those, as two people approved them) or {@code security} (each must
 *       also be an available security update in the device's own package metadata, which the agent checks before
 *       installing anything: a standard change for automatic security patching can then allow any package list);</li>
 *   <li>{@link #REBOOT}: {@code never}, {@code if-required} or {@code always}, people warned {@link #REBOOT_WARNING}
 *       minutes before.</li>
 * </ul>
 * The agent installs without a shell (apt-get or dnf with an argument list), reports per package on its standard
 * output as {@link #RESULT_PREFIX} lines, and scans again afterwards.
 */
public final class PatchInstall {
    public static final String INTERPRETER = "patch";
    public static final String BODY = "steward-patch-install-v1\n"
            + "# Installs exactly the updates named in PACKAGES (name=version, space-separated) with the device's package manager.\n"
            + "# SCOPE=security: each must be an available security update in the device's own metadata, or nothing is installed.\n"
            + "# REBOOT: never, if-required or always, announced REBOOT_WARNING minutes before.\n";
    public static final String PACKAGES = "PACKAGES";
    public static final String SCOPE = "SCOPE";
    public static final String REBOOT = "REBOOT";
    public static final String REBOOT_WARNING = "REBOOT_WARNING";
    public static final List<String> SCOPES = List.of("approved", "security");
    public static final List<String> REBOOTS = List.of("never", "if-required", "always");
    /** One line per package on the run's standard output: {@code steward-patch: name=version installed|failed|refused reason}. */
    public static final String RESULT_PREFIX = "steward-patch: ";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]{0,127}(:[a-z0-9_]{1,16})?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:_-]{1,128}");

    private PatchInstall() {
    }

    /** One update to install: the package (optionally {@code name:arch}) and the exact version. */
    public record Package(String name, String version) {
        public Package {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a package name: " + name);
            }
            if (version == null || !VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("not a package version: " + version);
            }
        }

        @Override
        public String toString() {
            return name + "=" + version;
        }
    }

    /**
     * The one wildcard of standard changes: a change of this installer (its interpreter and fixed body) whose
     * {@link #PACKAGES} allows "*" admits any well-formed package list, but only when its {@link #SCOPE} allows
     * "security" alone. The agent then installs nothing that is not an available security update in the device's own
     * package metadata, so automatic security patching needs no fresh approval per package list while a compromised
     * server could at most have available security updates installed. The signer and the server decide it with this.
     */
    public static boolean admitsAnyPackageList(io.steward.protocol.task.StandardChangeSpec change, io.steward.protocol.task.StandardChangeSpec.Allowed allowed,
                                               String value) {
        if (!INTERPRETER.equals(change.interpreter()) || !PACKAGES.equals(allowed.name()) || !allowed.values().equals(List.of("*"))
                || !change.scriptSha256().equals(io.steward.protocol.task.CanonicalText.sha256Hex(BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                || change.allowed().stream().noneMatch(x -> x.name().equals(SCOPE) && x.values().equals(List.of("security")))) {
            return false;
        }
        try {
            parsePackages(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@link #PACKAGES} value for these updates: sorted by name, space-separated. */
    public static String packages(List<Package> packages) {
        List<Package> sorted = new ArrayList<>(packages);
        sorted.sort(java.util.Comparator.comparing(Package::name).thenComparing(Package::version));
        return String.join(" ", sorted.stream().map(Package::toString).toList());
    }

    /** Reads a {@link #PACKAGES} value strictly: well-formed entries, in name order, no name twice, at least one. */
    public static List<Package> parsePackages(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no packages");
        }
        List<Package> out = new ArrayList<>();
        for (String entry : value.split(" ", -1)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not name=version: " + entry);
            }
            out.add(new Package(entry.substring(0, eq), entry.substring(eq + 1)));
        }
        if (!packages(out).equals(value) || out.stream().map(Package::name).distinct().count() != out.size()) {
            throw new IllegalArgumentException("packages must be in name order, each once");
        }
        return List.copyOf(out);
    }
}
