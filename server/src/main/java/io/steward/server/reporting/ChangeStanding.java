package io.steward.server.reporting;

/**
 * Decides where a change stood at a report's {@code asOf} from its stage and recorded outcome then: implemented
 * (successfully, failed or backed out), rejected, or still open (draft, awaiting approval, approved, scheduled or implementing).
 */
public enum ChangeStanding {
    SUCCESSFUL, FAILED, BACKED_OUT, REJECTED, OPEN;

    /**
     * The standing of a change in {@code stage} (a {@code ChangeStage} name) with {@code outcome} (a {@code Change.Outcome}
     * name or null). An implemented change without a recorded outcome counts as successful: implementing without naming
     * an outcome records a success, and so did every implementation before outcomes were recorded.
     */
    public static ChangeStanding of(String stage, String outcome) {
        return switch (stage) {
            case "IMPLEMENTED", "REVIEWED" -> outcome == null ? SUCCESSFUL : valueOf(outcome);
            case "REJECTED" -> REJECTED;
            default -> OPEN;
        };
    }

    /** Whether the change had been implemented, whatever the outcome. */
    public boolean implemented() {
        return this == SUCCESSFUL || this == FAILED || this == BACKED_OUT;
    }
}
