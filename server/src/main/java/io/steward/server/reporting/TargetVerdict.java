package io.steward.server.reporting;

/**
 * Decides whether a measured percentage met its target and by how much: met when {@code actual >= target}; the
 * margin is {@code actual - target} in percentage points (negative when missed), rounded to two decimals. No
 * verdict without a measurement or without a target.
 */
public record TargetVerdict(Outcome outcome, Double actualPct, Double targetPct, Double marginPoints) {

    /** MET, MISSED, or NO_DATA when nothing was measured, NO_TARGET when there is nothing to compare with. */
    public enum Outcome { MET, MISSED, NO_DATA, NO_TARGET }

    public static TargetVerdict of(Double actualPct, Double targetPct) {
        if (actualPct == null) {
            return new TargetVerdict(Outcome.NO_DATA, null, targetPct, null);
        }
        if (targetPct == null) {
            return new TargetVerdict(Outcome.NO_TARGET, actualPct, null, null);
        }
        double margin = Math.round((actualPct - targetPct) * 100) / 100.0;
        return new TargetVerdict(actualPct >= targetPct ? Outcome.MET : Outcome.MISSED, actualPct, targetPct, margin);
    }

    /** The share of {@code good} in {@code good + bad} as a percentage with two decimals; null when both are zero. */
    public static Double percent(long good, long bad) {
        if (good < 0 || bad < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
        long all = good + bad;
        return all == 0 ? null : Math.round(good * 10_000.0 / all) / 100.0;
    }

    /** One line for people, e.g. "met by 2.50 points" or "missed by 4.00 points". */
    public String sentence() {
        return switch (outcome) {
            case MET -> "met by " + String.format(java.util.Locale.ROOT, "%.2f", marginPoints) + " points";
            case MISSED -> "missed by " + String.format(java.util.Locale.ROOT, "%.2f", -marginPoints) + " points";
            case NO_DATA -> "no tickets to measure";
            case NO_TARGET -> "no target agreed";
        };
    }
}
