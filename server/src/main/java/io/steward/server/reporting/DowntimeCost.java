package io.steward.server.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What downtime cost the client: {@code minutes / 60 × cost per hour}, rounded half up to cents. No cost (null)
 * when the client has not configured a cost per hour.
 */
public final class DowntimeCost {
    private DowntimeCost() {
    }

    public static BigDecimal of(long downtimeMinutes, BigDecimal costPerHour) {
        if (downtimeMinutes < 0) {
            throw new IllegalArgumentException("downtime is never negative");
        }
        if (costPerHour == null) {
            return null;
        }
        return costPerHour.multiply(BigDecimal.valueOf(downtimeMinutes)).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }
}
