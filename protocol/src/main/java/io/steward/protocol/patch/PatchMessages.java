package io.steward.protocol.patch;

import java.util.List;

import io.steward.protocol.AgentProtocol;

/**
 * The agent's patch messages (protocol v1, signed like every agent request): what a scan of the device's available
 * updates found, and the plan the server hands back with each heartbeat. Installing is not here: it is a signed task
 * of the built-in interpreter {@link PatchInstall#INTERPRETER}, through the signer and the agent's local policy like
 * any script.
 */
public final class PatchMessages {
    /** The agent posts a {@link Scan} here; the answer is a {@link ScanResponse}. */
    public static final String SCAN_PATH = AgentProtocol.PATH_PREFIX + "/patches/scan";

    /** Security classification of an update: from the distribution's own data, "unknown" where it gives none (never "no" by guess). */
    public static final String SECURITY_YES = "yes";
    public static final String SECURITY_NO = "no";
    public static final String SECURITY_UNKNOWN = "unknown";

    private PatchMessages() {
    }

    /**
     * One scan of the device's available updates, from the local package metadata only.
     *
     * @param seq               the agent's message sequence number
     * @param scannedAt         when the scan ended (epoch milliseconds, the agent's clock)
     * @param manager           {@code apt}, {@code dnf} or {@code windows-update}
     * @param rebootRequired    whether the system says a reboot is pending (/var/run/reboot-required, needs-restarting -r)
     * @param rebootPackages    the packages that asked for the reboot, where the system says
     * @param metadataRefreshedAt when the package metadata was last refreshed (epoch milliseconds), null when unknown
     * @param updates           every available update, held ones included (marked)
     * @param cost              what the scan cost on the endpoint
     * @param error             why the scan failed (then {@code updates} is empty and means nothing), null when it worked
     */
    public record Scan(long seq, long scannedAt, String manager, boolean rebootRequired, List<String> rebootPackages, Long metadataRefreshedAt,
                       List<Update> updates, Cost cost, String error) {
    }

    /**
     * An available update of one package.
     *
     * @param origin   the repository or archive it comes from (for apt, e.g. {@code Debian-Security:12/stable-security})
     * @param security {@link #SECURITY_YES}, {@link #SECURITY_NO} or {@link #SECURITY_UNKNOWN}
     * @param severity the distribution's severity ({@code critical}, {@code important}, {@code moderate}, {@code low}), "" when none given
     * @param cves     CVE ids the update fixes, where the distribution says
     * @param held     kept back or held: it would not be installed by a plain upgrade
     */
    public record Update(String name, String arch, String installedVersion, String candidateVersion, String origin, String security,
                         String severity, List<String> cves, boolean held) {
    }

    /** Wall time, CPU time and peak resident memory of the scan's child processes; the scan runs niced. */
    public record Cost(long wallMillis, long cpuMillis, long maxRssKib) {
    }

    /** The server's answer: the scan was stored (or not, with the reason). */
    public record ScanResponse(long seq, boolean accepted, String reason) {
    }

    /**
     * When to scan and refresh, from the device's patch policy; sent with every heartbeat answer.
     *
     * @param scanHours           hours between scheduled scans
     * @param scanRequestedAt     a scan asked for on demand after this instant (epoch milliseconds; 0 for none): the
     *                            agent scans when its last scan is older
     * @param refreshMetadata     whether the agent refreshes the package metadata ({@code apt-get update}, {@code dnf
     *                            makecache}) before a scheduled scan; the agent's local configuration may forbid it
     * @param refreshJitterMinutes the refresh waits a random time up to this, so a fleet does not hit its mirrors at once
     */
    public record ScanPlan(int scanHours, long scanRequestedAt, boolean refreshMetadata, int refreshJitterMinutes) {
    }
}
