package io.steward.server.servicedesk;

import java.time.Instant;

import io.steward.server.shared.TicketId;

/**
 * What a problem ticket found out: the root cause and the workaround. A known error is a problem
 * whose cause is understood and whose workaround technicians can apply to the linked incidents.
 * {@code version} is the problem ticket's version, sent back as If-Match.
 */
public record ProblemRecord(TicketId ticketId, String rootCause, String workaround, boolean knownError, Instant updatedAt, int version)
        implements java.io.Serializable {
}
