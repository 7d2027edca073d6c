package io.steward.server.servicedesk;

import java.util.UUID;

import io.steward.server.servicedesk.internal.RemediationMarks;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import org.springframework.stereotype.Service;

/**
 * Incidents fixed without a person: automation calls this when an alert cleared after a standard script it ran for
 * that alert succeeded. Invariant: only an incident Steward itself resolved when the alert cleared (nobody worked on
 * it) is marked remediated automatically; any other gets a note only.
 */
@Service
public class IncidentRemediation {
    private final RemediationMarks marks;

    IncidentRemediation(RemediationMarks marks) {
        this.marks = marks;
    }

    /**
     * Marks the incident as remediated automatically by the task, with {@code note} (what ran, where, its result) in its
     * history; true when it was marked, false when it only got the note or does not exist.
     */
    public boolean markRemediated(ClientId clientId, TicketId incident, UUID taskId, String note) {
        return marks.markRemediated(clientId, incident, taskId, note);
    }
}
