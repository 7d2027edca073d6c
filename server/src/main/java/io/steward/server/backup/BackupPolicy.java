package io.steward.server.backup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A client's backup objectives (version 0: the defaults, never saved).
 *
 * @param rpoHours      recovery point objective: the newest good restore point must be younger than this
 * @param rtoMinutes    recovery time objective: a restore test must finish within this
 * @param scope         which devices should have a backup: NONE, ALL approved devices, SERVERS (a server OS, the tag
 *                      {@code server}, or HIGH/CRITICAL criticality), the devices of a GROUP, or chosen DEVICES
 * @param failuresAlert attempts failed in a row that raise an alert
 * @param graceHours    how late a job may run past its schedule before it counts as missed
 * @param restorePeriod how often each job's restore is tested: NONE, WEEKLY, MONTHLY or QUARTERLY
 * @param restoreSample files restored and verified per test
 */
public record BackupPolicy(ClientId clientId, int rpoHours, int rtoMinutes, String scope, UUID groupId, List<UUID> deviceIds, int failuresAlert,
                           int graceHours, String restorePeriod, int restoreSample, int version, String updatedBy, Instant updatedAt) {
    public static final List<String> SCOPES = List.of("NONE", "ALL", "SERVERS", "GROUP", "DEVICES");
    public static final List<String> PERIODS = List.of("NONE", "WEEKLY", "MONTHLY", "QUARTERLY");

    public BackupPolicy {
        deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
    }

    public static BackupPolicy defaults(ClientId client) {
        return new BackupPolicy(client, 24, 240, "SERVERS", null, List.of(), 3, 2, "MONTHLY", 5, 0, "", null);
    }

    /** A change of the policy: null keeps a field; {@code groupId} blank clears it. */
    public record Draft(Integer rpoHours, Integer rtoMinutes, String scope, String groupId, List<String> deviceIds, Integer failuresAlert,
                        Integer graceHours, String restorePeriod, Integer restoreSample) {
    }

    /** A device's own objectives; null inherits the client's. */
    public record DeviceObjective(Integer rpoHours, Integer rtoMinutes) {
    }

    /** The RPO in force for a device with these objectives of its own (null: none). */
    public int rpoFor(DeviceObjective own) {
        return own != null && own.rpoHours() != null ? own.rpoHours() : rpoHours;
    }

    /** The RTO in force for a device with these objectives of its own (null: none). */
    public int rtoFor(DeviceObjective own) {
        return own != null && own.rtoMinutes() != null ? own.rtoMinutes() : rtoMinutes;
    }

    /** What {@link RpoRule} judges a device's jobs against. */
    public RpoRule.Objective objective(DeviceObjective own) {
        return new RpoRule.Objective(rpoFor(own), failuresAlert, graceHours);
    }

    /** The first day (UTC) of the restore-test period holding {@code day}; null when restores are not tested. */
    public LocalDate periodStart(LocalDate day) {
        return switch (restorePeriod) {
            case "WEEKLY" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "MONTHLY" -> day.withDayOfMonth(1);
            case "QUARTERLY" -> day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
            default -> null;
        };
    }

    /** How long a restore test counts as evidence: its period (a month for NONE, which tests nothing anyway). */
    public Duration periodLength() {
        return switch (restorePeriod) {
            case "WEEKLY" -> Duration.ofDays(7);
            case "QUARTERLY" -> Duration.ofDays(92);
            default -> Duration.ofDays(31);
        };
    }
}
