package io.steward.server.compliance;

/** Where a control of a client stands (see {@link ControlCoverage}). */
public enum ControlStatus {
    /** Fresh evidence, all of it passing. */
    PASSING,
    /** Some fresh evidence fails. */
    FAILING,
    /** No fresh evidence: nobody knows; never counted as passing. */
    NOT_EVALUATED,
    /** A person decided the control does not apply to the client, with a reason; left out of the coverage. */
    NOT_APPLICABLE
}
