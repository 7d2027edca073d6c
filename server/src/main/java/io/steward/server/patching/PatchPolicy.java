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
 * @param rollout              how cycles roll out: rings, retries, pre and post scripts, the emergency deadline
 * @param scanRequestedAt      a technician asked every device to scan after this instant; null for never
 * @param version              0 for a client never configured
 */
public record PatchPolicy(ClientId clientId, int scanHours, boolean refreshMetadata, int refreshJitterMinutes, int securityDeadlineDays,
                          int cycleWeek, int cycleWeekday, int cycleOffsetDays, String securityApproval, List<String> heldPackages,
                          String reboot, int rebootWarningMinutes, Rollout rollout, Instant scanRequestedAt, int version, String updatedBy,
                          Instant updatedAt) {

    public static final List<String> APPROVALS = List.of("AUTOMATIC", "MANUAL");

    public PatchPolicy {
        heldPackages = heldPackages == null ? List.of() : List.copyOf(heldPackages);
        rollout = rollout == null ? Rollout.DEFAULTS : rollout;
    }

    public static PatchPolicy defaults(ClientId client) {
        return new PatchPolicy(client, 24, false, 60, 14, 2, 2, 0, "AUTOMATIC", List.of(), "if-required", 15, Rollout.DEFAULTS, null, 0, null, null);
    }

    /**
     * How a cycle's installs roll out on the client's devices. Without a pilot group every device takes the cycle at
     * once; with one, the pilot group's devices go first and the rest follow {@code pilotWaitDays} later, unless more
     * than {@code ringStopPercent} % of the pilot's installs failed (then the cycle stops for people to look).
     *
     * @param pilotGroupId     a device group of the client that goes first; null for no rings
     * @param pilotWaitDays    days between the pilot ring's installs and the rest (0 to 30)
     * @param ringStopPercent  the share of failed device installs in a ring that stops the cycle (1 to 100)
     * @param installRetries   how often a failed install is tried again before it becomes an incident (0 to 5)
     * @param emergencyHours   an emergency cycle's devices are due patched within this many hours (1 to 336)
     * @param preScriptId      a library script run on each device before installing (its standard change runs it); null for none
     * @param postScriptId     a library script run on each device after installing; null for none
     */
    public record Rollout(java.util.UUID pilotGroupId, int pilotWaitDays, int ringStopPercent, int installRetries, int emergencyHours,
                          java.util.UUID preScriptId, java.util.UUID postScriptId) {
        public static final Rollout DEFAULTS = new Rollout(null, 2, 20, 2, 48, null, null);

        /**
         * A rollout as someone fills it in: a field left out (null) keeps the current value; for the ids, an empty
         * string clears them.
         */
        public record Draft(String pilotGroupId, Integer pilotWaitDays, Integer ringStopPercent, Integer installRetries, Integer emergencyHours,
                            String preScriptId, String postScriptId) {
        }
    }

    /**
     * A policy as someone fills it in; a field left out keeps the current value.
     */
    public record Draft(Integer scanHours, Boolean refreshMetadata, Integer refreshJitterMinutes, Integer securityDeadlineDays, Integer cycleWeek,
                        Integer cycleWeekday, Integer cycleOffsetDays, String securityApproval, List<String> heldPackages, String reboot,
                        Integer rebootWarningMinutes, Rollout.Draft rollout) {
    }
}
