package io.steward.server.patching;

import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * A client's patch policy. A client never configured has {@link #defaults}: scan daily without refreshing the
 * package metadata, security updates due within 14 days and approved automatically, the standard cycle on the
 * second Tuesday, reboot only when required (warned 15 minutes before).
 *
 * @param scanHours            hours between scheduled scans (1 to 168)
 * @param refreshMetadata      whether agents refresh the package metadata before a scheduled scan
 * @param refreshJitterMinutes refreshes wait a random time up to this
 * @param securityDeadlineDays a security update first seen longer ago than this makes its device non-compliant
 * @param cycleWeek            the standard cycle's week of the month (1 to 4, 5: the last)
 * @param cycleWeekday         its weekday (1 Monday to 7 Sunday)
 * @param cycleOffsetDays      days after that weekday (0 to 27)
 * @param securityApproval     AUTOMATIC (security updates install under the standard change) or MANUAL; other
 *                             updates are always approved by people
 * @param heldPackages         package names never offered for installation (the reject/hold list)
 * @param reboot               never, if-required or always
 * @param scanRequestedAt      a technician asked every device to scan after this instant; null for never
 * @param version              0 for a client never configured
 */
public record PatchPolicy(ClientId clientId, int scanHours, boolean refreshMetadata, int refreshJitterMinutes, int securityDeadlineDays,
                          int cycleWeek, int cycleWeekday, int cycleOffsetDays, String securityApproval, List<String> heldPackages,
                          String reboot, int rebootWarningMinutes, Instant scanRequestedAt, int version, String updatedBy, Instant updatedAt) {

    public static final List<String> APPROVALS = List.of("AUTOMATIC", "MANUAL");

    public PatchPolicy {
        heldPackages = heldPackages == null ? List.of() : List.copyOf(heldPackages);
    }

    public static PatchPolicy defaults(ClientId client) {
        return new PatchPolicy(client, 24, false, 60, 14, 2, 2, 0, "AUTOMATIC", List.of(), "if-required", 15, null, 0, null, null);
    }

    /**
     * A policy as someone fills it in; a field left out keeps the current value.
     */
    public record Draft(Integer scanHours, Boolean refreshMetadata, Integer refreshJitterMinutes, Integer securityDeadlineDays, Integer cycleWeek,
                        Integer cycleWeekday, Integer cycleOffsetDays, String securityApproval, List<String> heldPackages, String reboot,
                        Integer rebootWarningMinutes) {
    }
}
