package io.steward.server.reporting;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A client's report settings: what an hour of downtime of a critical device costs it (null: not configured), the
 * share of tickets that must meet their SLA for the month to count as met, and the users told when a report is
 * stored. {@code version} guards concurrent edits.
 */
public record ReportSettings(BigDecimal downtimeCostPerHour, String currency, BigDecimal slaComplianceTargetPct, List<UUID> recipients,
                            int version) {
    public static final BigDecimal DEFAULT_COMPLIANCE_TARGET = new BigDecimal("95.00");

    public static ReportSettings defaults() {
        return new ReportSettings(null, "EUR", DEFAULT_COMPLIANCE_TARGET, List.of(), 0);
    }
}
