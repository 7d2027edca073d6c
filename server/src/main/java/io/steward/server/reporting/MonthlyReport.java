package io.steward.server.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A client's monthly service report: every figure computed from stored data for one calendar month in the client's
 * zone, taken as of the month's end. Each section carries {@code note}: null when it has figures, otherwise why it
 * has none (no contract, no devices, nothing happened), so a reader never sees a silent blank.
 *
 * <p>Ticket figures cover the tickets <em>opened</em> in the month, evaluated with only the history recorded up to
 * the month's end; device figures cover the devices approved by the month's end and not retired before the month
 * began (a device retired during the month counts up to its retirement).
 */
public record MonthlyReport(Header header, Summary summary, Volumes volumes, Timing timing, Breaches breaches, Changes changes,
                            Availability availability, Capacity capacity, Fleet fleet, Impact impact,
                            Remediation remediation, Patching patching, Security security, io.steward.server.backup.BackupMonths.Month backup) {

    /** Whose report, for which month, under which contract. */
    public record Header(UUID clientId, String clientName, String mspName, String month, String timeZone, Instant from, Instant to,
                         Instant asOf, boolean partial, Instant generatedAt, ContractInfo contract) {
    }

    /** The contract in force at the month's end (or the last day it was in force during the month). */
    public record ContractInfo(String reference, String tierName, Double uptimeTargetPct, double slaComplianceTargetPct) {
    }

    /** Section 1: SLA compliance per target against the agreed share, and availability against the uptime target. */
    public record Summary(String note, List<SlaLine> sla, TargetVerdict availability) {
    }

    /**
     * Compliance of one clock ({@code RESPONSE} or {@code RESOLUTION}) over all tickets ({@code priority} ALL) or one
     * priority: tickets that met it, breached it, and that were still running within target at the month's end.
     */
    public record SlaLine(String clock, String priority, Long targetMinutes, long met, long breached, long pending, TargetVerdict verdict,
                          String sentence) {
    }

    /** Section 2: tickets opened per month (this month last) by dimension, first-contact resolution and reopen rate. */
    public record Volumes(String note, List<String> months, long total, List<Series> byPriority, List<Series> byType, List<Series> byCategory,
                          List<Series> bySource, List<Series> byOrigin, List<Series> bySite, Rate firstContactResolution, Rate reopened) {
    }

    /** One row of a trend table: a label, the key to filter the tickets behind it, and one count per month. */
    public record Series(String label, String key, List<Long> counts) {
    }

    /** {@code count} of {@code of}, as a percentage with two decimals (null when {@code of} is zero). */
    public record Rate(long count, long of, Double pct) {
    }

    /** Section 3: mean time to acknowledge and to resolve per priority, and the longest tickets. */
    public record Timing(String note, List<TimingLine> priorities, List<TicketRef> longest) {
    }

    /** Means in minutes (null without any ticket to average); business minutes exclude uncovered and waiting time. */
    public record TimingLine(String priority, long opened, long acknowledged, long resolved, Double mttaWallMinutes,
                             Double mttaBusinessMinutes, Double mttrWallMinutes, Double mttrBusinessMinutes) {
    }

    /** A ticket a figure points at; {@code minutes} is its wall time open (to resolution or the month's end). */
    public record TicketRef(UUID id, long number, String title, String priority, String status, Instant openedAt, Instant resolvedAt,
                            long minutes) {
    }

    /**
     * Section 4: every ticket opened in the month whose SLA was breached by its end, by breach time, with counts per
     * clock. The full clock-by-clock timeline of a ticket is on its page and at {@code /api/v1/tickets/{id}/sla}.
     */
    public record Breaches(String note, long total, long response, long resolution, List<Breach> tickets) {
    }

    /**
     * One breached ticket: why (which target, by how much) and its timeline as milestones: opened, the first response,
     * when each clock breached, and resolution (null where it had not happened by the month's end).
     */
    public record Breach(UUID id, long number, String title, String priority, String clock, Instant breachedAt, String reason,
                         Instant openedAt, Instant firstResponseAt, Instant responseBreachedAt, Instant resolutionBreachedAt, Instant resolvedAt) {
    }

    /**
     * Section 5: changes opened or scheduled in the month, by risk and by their stage and outcome at the month's end, and
     * the emergency changes among them ({@code emergency} counts them, {@code emergencies} lists them).
     */
    public record Changes(String note, long total, long emergency, List<ChangeRow> byRisk, List<ChangeRef> emergencies, Activity activity) {
    }

    /**
     * What changes went through in the month, by the stage they reached in it (a change can count in several):
     * {@code requested} submitted for approval, {@code approved}, {@code rejected}, {@code implemented} (split by outcome
     * into {@code successful}, {@code failed} and {@code backedOut}). Null in reports stored before it was counted.
     */
    public record Activity(long requested, long approved, long rejected, long implemented, long successful, long failed, long backedOut) {
    }

    /**
     * Counts for one risk level (or ALL): {@code implemented} is every implemented change, split by outcome into
     * {@code successful}, {@code failed} and {@code backedOut}; {@code pending} were still open at the month's end.
     */
    public record ChangeRow(String risk, long implemented, long successful, long failed, long backedOut, long rejected, long pending,
                            long total, long emergency) {
    }

    /** A change a figure points at, as it stood at the month's end; {@code outcome} is null unless it was implemented. */
    public record ChangeRef(UUID id, long number, String title, String risk, String stage, String outcome, Instant openedAt,
                            Instant windowStart) {
    }

    /** Section 6: measured availability against the contract's uptime target. */
    public record Availability(String note, Double uptimeTargetPct, long devices, DeviceFigures overall, List<SiteFigures> sites,
                               List<DeviceFigures> worst, long devicesBelowTarget) {
    }

    public record DeviceFigures(UUID deviceId, String hostname, String site, String criticality, long monitoredMinutes, long downtimeMinutes,
                                Double availabilityPct, long outages) {
    }

    public record SiteFigures(UUID siteId, String site, long devices, long monitoredMinutes, long downtimeMinutes, Double availabilityPct) {
    }

    /** Section 7: disk growth with forecast full dates, CPU and memory hot spots, from hourly rollups of the month. */
    public record Capacity(String note, List<DiskGrowth> disks, List<HotSpot> cpu, List<HotSpot> memory) {
    }

    /**
     * One file system's growth. {@code fullOn} is given only with {@code daysMeasured} of at least
     * {@link io.steward.server.alerting.ForecastHistory#MIN_DAYS}; {@code forecast} says it in words: the date, "not within
     * 10 years", or "not enough data (needs 7 days, has K)".
     */
    public record DiskGrowth(UUID deviceId, String hostname, String volume, double lastUsedPct, double growthPointsPerDay, LocalDate fullOn,
                             int daysMeasured, String forecast) {
    }

    /** Mean and peak of the hourly means, and hours whose mean was 90 % or more. */
    public record HotSpot(UUID deviceId, String hostname, double meanPct, double peakPct, long hoursAbove90) {
    }

    /** Section 8: the fleet under management during the month (devices retired in it included). */
    public record Fleet(String note, long devices, List<Count> byOs, List<Count> byAge, List<OfflineAgent> offlineOver7Days) {
    }

    public record Count(String label, long count) {
    }

    public record OfflineAgent(UUID deviceId, String hostname, Instant offlineSince, long daysOffline) {
    }

    /** Section 9: downtime of critical devices priced at the client's cost per hour. */
    public record Impact(String note, long criticalDevices, long downtimeMinutes, BigDecimal costPerHour, String currency, BigDecimal cost,
                         List<DeviceFigures> devices) {
    }

    /**
     * Section 10: alerts fixed by standard scripts without a person. {@code runs} are the remediation runs started in the
     * month ({@code succeeded} of them ended well); {@code incidents} are those resolved as remediated automatically (their
     * alert cleared after the script succeeded and nobody had worked on them). {@code minutesSaved} adds, per such incident,
     * how much sooner it was resolved than {@code manualMttrMinutes}, the mean time to resolve the month's other incidents
     * (null when none was resolved by hand: then nothing is claimed as saved). Null in reports stored before the section
     * existed.
     */
    public record Remediation(String note, long runs, long succeeded, Double manualMttrMinutes, long minutesSaved,
                              List<RemediatedIncident> incidents) {
    }

    /** An incident resolved as remediated automatically, with the minutes from opening to resolution. */
    public record RemediatedIncident(UUID ticketId, long number, String title, Instant openedAt, Instant resolvedAt, long minutesToResolve) {
    }

    /**
     * Section 11: patching. Steward keeps each device's current available updates (not their past state), so compliance
     * and the outstanding updates count the updates still pending when the report is made that were first seen by the
     * month's end, aged at the month's end; {@code compliancePct} is the share of the devices scanned by then with no
     * security update older than the client's deadline (null when none was scanned). {@code updatesInstalled} counts
     * updates that scans in the month no longer offered. Null in reports stored before the section existed.
     */
    public record Patching(String note, int deadlineDays, long devices, long scanned, long compliant, Integer compliancePct, long updatesInstalled,
                           List<AgeBucket> outstanding, List<Emergency> emergencies) {
    }

    /** Updates pending by age at the month's end: all of them, and the security ones. */
    public record AgeBucket(String label, long updates, long security) {
    }

    /** An emergency cycle opened in the month: its devices, how many were patched or excepted, and the times to remediate. */
    public record Emergency(String cve, Instant openedAt, Instant closedAt, long devices, long patched, long excepted, Long medianMinutesToRemediate,
                            Long maxMinutesToRemediate) {
    }

    /**
     * Section 12: security checks. {@code failingAtEnd} are the failing episodes open at the month's end (detected by then,
     * not fixed by then); the month's episodes are those detected in it, with MTTD (began to detected) and MTTR
     * (detected to fixed, over those fixed by the month's end) as {@code io.steward.server.security.DetectionTimes}
     * computes them; {@code stillOpen} of them were not fixed by the month's end. Null in reports stored before the
     * section existed.
     */
    public record Security(String note, long devicesReporting, List<SecurityEpisode> failingAtEnd, long detected, long fixed, long stillOpen,
                           Long mttdMedianMinutes, Long mttdMeanMinutes, Long mttrMedianMinutes, Long mttrMeanMinutes, List<SecurityEpisode> episodes) {
    }

    /** A failing episode of a check on a device; {@code fixedAt} null while open (at the month's end). */
    public record SecurityEpisode(String hostname, String check, Instant beganAt, Instant detectedAt, Instant fixedAt) {
        public long minutesToDetect() {
            return java.time.Duration.between(beganAt, detectedAt).toMinutes();
        }

        public long minutesToRepair() {
            return fixedAt == null ? 0 : java.time.Duration.between(detectedAt, fixedAt).toMinutes();
        }
    }
}
