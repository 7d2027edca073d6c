package io.steward.server.reporting.dashboard;

/**
 * Where an open ticket's SLA stands right now, as the service desk shows it (TicketSla.standing):
 * the dashboard counts these and links each count to the queue filtered by the same name.
 */
public enum SlaStanding {
    ON_TRACK, AT_RISK, BREACHED, PAUSED,
    /** No clock running: the client has no contract, or the clock already stopped as met. */
    NONE;

    /**
     * The SQL expression that classifies a ticket row aliased {@code t}; binds the current instant three times
     * ({@link #SQL_PARAMS}). It mirrors the queue's {@code sla=} filters branch for branch, so a count and the list
     * behind it never disagree.
     */
    static final String SQL = """
            CASE WHEN t.sla_breached_at IS NOT NULL OR t.sla_state = 'BREACHED' THEN 'BREACHED'
                 WHEN t.sla_state IN ('NONE', 'MET') THEN 'NONE'
                 WHEN t.sla_state = 'PAUSED' THEN 'PAUSED'
                 WHEN t.sla_resolution_due <= ? OR t.sla_response_due <= ? THEN 'BREACHED'
                 WHEN t.sla_warn_at <= ? THEN 'AT_RISK'
                 ELSE 'ON_TRACK' END""";
    static final int SQL_PARAMS = 3;
}
