package io.steward.server.patching;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** The read models of the patch views and API. */
public final class PatchViews {
    private PatchViews() {
    }

    /** One available update on a device, with its age and whether it is past the client's security deadline. */
    public record Update(String name, String arch, String installedVersion, String candidateVersion, String origin, String security,
                         String severity, List<String> cves, boolean held, Instant firstSeenAt, long ageDays, boolean overdue) {
    }

    /** The device's last scan; {@code error} set when the last attempt failed (the updates are then the last good scan's). */
    public record Scan(Instant scannedAt, Instant receivedAt, String manager, boolean rebootRequired, List<String> rebootPackages,
                       Instant metadataRefreshedAt, long wallMillis, long cpuMillis, long maxRssKib, String error, Instant lastGoodAt) {
    }

    /** One change in a device's patch history: FIRST_SEEN, GONE (installed or removed), INSTALLED, FAILED, REFUSED. */
    public record HistoryEntry(UUID id, Instant at, String event, String name, String arch, String fromVersion, String toVersion, String security,
                               String detail) {
    }

    /** Everything about one device: its last scan (null: never scanned), updates, history, and whether it complies. */
    public record DevicePatches(DeviceId deviceId, ClientId clientId, String hostname, Scan scan, List<Update> updates, List<HistoryEntry> history,
                                int securityDeadlineDays, boolean compliant, boolean stale) {
    }

    /**
     * A device's patch status in a list.
     *
     * @param stale       not scanned (successfully) within twice the policy's scan interval, or never
     * @param oldestSecurityDays age of its oldest security update; null when it has none
     */
    public record DeviceStatus(DeviceId deviceId, ClientId clientId, String clientName, String hostname, Instant lastScanAt, String scanError,
                               int missing, int security, int overdue, Long oldestSecurityDays, boolean rebootRequired, boolean stale,
                               boolean compliant) {
    }

    /** A client's patch standing: compliance against its deadline and the counts behind it. */
    public record ClientSummary(ClientId clientId, String clientName, int devices, Compliance compliance, int missing, int security,
                                int overdue, int rebootRequired, int stale, int securityDeadlineDays) {
    }

    /**
     * One outstanding update (a package version for a client) across its devices, for the central page.
     *
     * @param approval APPROVED, REJECTED or PENDING (nobody decided), HELD when the client's policy holds the package
     */
    public record Outstanding(ClientId clientId, String clientName, String name, String candidateVersion, String security, String severity,
                              List<String> cves, int devices, Instant firstSeenAt, long ageDays, boolean overdue, String approval) {
    }

    /** A device exposed to a CVE: the updates on it that fix it. */
    public record Exposure(DeviceId deviceId, ClientId clientId, String clientName, String hostname, List<Update> fixes, Instant exposedSince) {
    }

    /**
     * A page of outstanding updates. The whole fleet's list is kept per client and recomputed shortly after scans
     * arrive: {@code asOf} is then the oldest recomputation it rests on; a client's or a CVE's list is grouped live from
     * the update rows ({@code asOf} null).
     */
    public record OutstandingList(Instant asOf, io.steward.server.shared.Page<Outstanding> page) {
    }

    /** How many of a client's devices are exposed to a CVE, and since when the longest exposed. */
    public record ClientExposure(ClientId clientId, String clientName, int devices, Instant exposedSince) {
    }

    /**
     * Which devices are exposed to a CVE: how many in all, per client, and one page of the devices, the longest exposed
     * first (a CVE in a common package can be on nearly every device of a fleet).
     */
    public record ExposureAnswer(String cve, long devices, List<ClientExposure> clients, io.steward.server.shared.Page<Exposure> page) {
    }

    /** A decision on package versions for a client (mass approval from the central page). */
    public record Decision(ClientId clientId, String decision, List<PackageVersion> packages) {
    }

    public record PackageVersion(String name, String version) {
    }
}
